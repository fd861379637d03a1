/* QoS 1 end to end through a local broker with libmosquitto: one publisher, one subscriber.
 * The clock stops when the subscriber has every message and the publisher every PUBACK.
 * Also prints the CPU time this process (both clients, all threads) spent per message: on a shared
 * machine that moves far less with the load than the rate does.
 * Usage: libmosquitto_bench <port> <count> <size> */
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static long received, acked, total;
static int connected, subscribed;

static void on_connect(struct mosquitto *m, void *o, int rc) {
    (void)m; (void)o;
    if (rc != 0) { fprintf(stderr, "connect refused: %d\n", rc); exit(1); }
    pthread_mutex_lock(&lock); connected++; pthread_cond_broadcast(&changed); pthread_mutex_unlock(&lock);
}
static void on_subscribe(struct mosquitto *m, void *o, int mid, int n, const int *granted) {
    (void)m; (void)o; (void)mid; (void)n; (void)granted;
    pthread_mutex_lock(&lock); subscribed = 1; pthread_cond_broadcast(&changed); pthread_mutex_unlock(&lock);
}
static void on_message(struct mosquitto *m, void *o, const struct mosquitto_message *msg) {
    (void)m; (void)o; (void)msg;
    pthread_mutex_lock(&lock); received++;
    if (received >= total && acked >= total) pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}
static void on_publish(struct mosquitto *m, void *o, int mid) {
    (void)m; (void)o; (void)mid;
    pthread_mutex_lock(&lock); acked++;
    if (received >= total && acked >= total) pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

static struct mosquitto *client(const char *id, int port) {
    struct mosquitto *m = mosquitto_new(id, true, NULL);
    if (!m) { perror("mosquitto_new"); exit(1); }
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_connect_callback_set(m, on_connect);
    mosquitto_subscribe_callback_set(m, on_subscribe);
    mosquitto_message_callback_set(m, on_message);
    mosquitto_publish_callback_set(m, on_publish);
    if (mosquitto_connect(m, "127.0.0.1", port, 60) != MOSQ_ERR_SUCCESS) { fprintf(stderr, "connect failed\n"); exit(1); }
    mosquitto_loop_start(m);
    return m;
}

static void wait_until(int (*done)(void)) {
    pthread_mutex_lock(&lock);
    while (!done()) pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);
}
static int one_connected(void) { return connected >= 1; }
static int two_connected(void) { return connected >= 2; }
static int is_subscribed(void) { return subscribed; }
static int all_done(void) { return received >= total && acked >= total; }

static double run(int port, long count, int size, const char *name) {
    char topic[64], id[64];
    received = acked = connected = subscribed = 0;
    total = count;
    snprintf(topic, sizeof topic, "bench/c/%s", name);
    snprintf(id, sizeof id, "c-bench-sub-%s", name);
    struct mosquitto *sub = client(id, port);
    wait_until(one_connected);
    mosquitto_subscribe(sub, NULL, topic, 1);
    wait_until(is_subscribed);
    snprintf(id, sizeof id, "c-bench-pub-%s", name);
    struct mosquitto *pub = client(id, port);
    wait_until(two_connected);

    char *payload = malloc((size_t)size);
    for (int i = 0; i < size; i++) payload[i] = (char)rand();
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < count; i++) {
        if (mosquitto_publish(pub, NULL, topic, size, payload, 1, false) != MOSQ_ERR_SUCCESS) { fprintf(stderr, "publish failed\n"); exit(1); }
    }
    wait_until(all_done);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

    mosquitto_disconnect(pub); mosquitto_loop_stop(pub, false); mosquitto_destroy(pub);
    mosquitto_disconnect(sub); mosquitto_loop_stop(sub, false); mosquitto_destroy(sub);
    free(payload);
    return (double)count / seconds;
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s <port> <count> <size>\n", argv[0]); return 2; }
    int port = atoi(argv[1]);
    long count = atol(argv[2]);
    int size = atoi(argv[3]);
    mosquitto_lib_init();
    long warmup = count / 10 < 10000 ? count / 10 : 10000;
    run(port, warmup, size, "warmup");
    double before = cpu_seconds();
    double rate = run(port, count, size, "bench");
    double cpu = cpu_seconds() - before;
    printf("libmosquitto_qos1_msgs_per_s %.0f\n", rate);
    printf("libmosquitto_qos1_cpu_us_per_msg %.1f\n", cpu * 1e6 / (double)count);
    mosquitto_lib_cleanup();
    return 0;
}
