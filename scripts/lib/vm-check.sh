# Runs inside the VM scripts/vm-install-check boots (as /mnt/check, by dream-vm-check.service, as root):
# installs the Dream .debs beside it with apt, offline, then does what the packages' "Next steps" tell the
# operator: the ledger's `init` as its user, the agent's config (a simulated meter on Modbus TCP, Mosquitto on
# localhost), `systemctl enable --now`. Reports facts as "dream-vm: KEY=VALUE" lines for the test to judge,
# then the units' status and journals. It judges nothing itself, and always ends (the unit powers off).
set -u
fact() { printf 'dream-vm: %s=%s\n' "$1" "$2"; }
section() { printf '\n===== %s\n' "$1"; }

fact begin "$(date -u +%FT%TZ)"
fact kernel "$(uname -r)"
fact debian "$(cat /etc/debian_version)"
fact pid1 "$(cat /proc/1/comm)"

section "apt-get install"
# apt reads the .debs as its sandbox user _apt: a private, readable copy.
mkdir -p /var/tmp/dream-debs
cp /mnt/*.deb /var/tmp/dream-debs/
chmod 0644 /var/tmp/dream-debs/*.deb
fact debs "$(cd /var/tmp/dream-debs && ls *.deb | tr '\n' ' ')"
# Offline: the VM has no network and apt no package lists, so the dependencies must already be installed.
# (--no-download would say so too, but apt 2.6 then stops at "Pathname to install is not absolute".)
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /var/tmp/dream-debs/*.deb
fact apt-install "$?"

for user in dream dream-ledger; do
    fact "user-$user" "$(getent passwd "$user")"
done
fact groups-dream "$(id -nG dream 2>&1)"

section "ledger: init and start"
init=$(runuser -u dream-ledger -- dream-ledger init --data-dir /var/lib/dream-ledger --origin vm.dream.test/dream 2>&1)
fact ledger-init "$?"
echo "$init"
ga=$(printf '%s\n' "$init" | sed -n 's/.*grid authority: \(did:key:z6Mk[1-9A-HJ-NP-Za-km-z]*\).*/\1/p' | head -n 1)
fact grid-authority "$ga"
systemctl enable --now dream-ledger.service
fact ledger-start "$?"

section "agent: a simulated meter, the config, start"
# The meter: the agent's own simulator, a transient unit of its own, serving Modbus TCP on loopback.
systemd-run --unit=dream-meter-sim --property=DynamicUser=yes \
    /usr/bin/dream-agent simulate-meter --profile eastron-sdm630 --listen 127.0.0.1:5020
fact meter-start "$?"
cat > /etc/dream/agent.json <<JSON
{
  "meters": [
    {
      "id": "main",
      "uri": "tcp://127.0.0.1:5020?unit=1",
      "profile": "eastron-sdm630",
      "samplePeriodSeconds": 10,
      "intervalMinutes": 15,
      "passportId": "0000000000000000000000000000000000000000000000000000000000000000"
    }
  ],
  "broker": { "host": "127.0.0.1", "port": 1883, "receiptTimeoutSeconds": 300 },
  "gridAuthorityKey": "$ga",
  "dataDirectory": "/var/lib/dream"
}
JSON
systemctl enable --now dream-agent.service
fact agent-start "$?"

section "waiting for the units"
# Bounded: at most 120 polls a second apart; a unit that fails or restarts is seen in the facts below.
for _ in $(seq 120); do
    if systemctl is-active --quiet dream-ledger.service && systemctl is-active --quiet dream-agent.service; then
        break
    fi
    sleep 1
done

for unit in dream-ledger dream-agent mosquitto dream-meter-sim; do
    fact "$unit-state" "$(systemctl show -p ActiveState --value "$unit.service")/$(systemctl show -p SubState --value "$unit.service")"
    fact "$unit-restarts" "$(systemctl show -p NRestarts --value "$unit.service")"
    fact "$unit-user" "$(systemctl show -p User --value "$unit.service")"
    fact "$unit-enabled" "$(systemctl is-enabled "$unit.service" 2>&1)"
done
fact agent-key "$(stat -c '%a %U:%G' /var/lib/dream/device.key 2>&1)"
fact agent-data "$(stat -c '%a %U:%G' /var/lib/dream 2>&1)"
fact ledger-key "$(stat -c '%a %U:%G' /var/lib/dream-ledger/ga.key 2>&1)"
# The packaged ledger.json listens on 0.0.0.0:8080: body and HTTP status, e.g. "ready 200".
for path in readyz healthz; do
    fact "ledger-$path" "$(curl -s -m 10 -w ' %{http_code}' "http://127.0.0.1:8080/$path" 2>&1 | tr -s '\n' ' ' | sed 's/  */ /g')"
done
fact agent-status-json "$(tr -d '\n' < /var/lib/dream/status.json 2>&1)"

for unit in dream-ledger dream-agent dream-meter-sim; do
    section "systemctl status $unit"
    SYSTEMD_COLORS=0 systemctl status --no-pager --lines=0 "$unit.service"
    section "journalctl -u $unit"
    journalctl --no-pager -o short-monotonic -n 60 -u "$unit.service"
done
fact end "$(date -u +%FT%TZ)"
