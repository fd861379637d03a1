# Sourced by scripts/run and scripts/test: make sure the Debian packages Dream needs are present.
# As root, missing packages are installed with apt; otherwise the missing ones are named and we stop.

# Debian package -> a file that proves it is installed (dpkg -s is slow and noisy in loops).
dream_require_packages() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "Dream needs these Debian packages, which are not installed: ${missing[*]}" >&2
        echo "Install them with: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
    echo "Installing missing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || { echo "apt-get update failed" >&2; exit 1; }
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || { echo "apt-get install ${missing[*]} failed" >&2; exit 1; }
}

dream_require_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        echo "The .NET 10 SDK is required (dotnet was not found on PATH)." >&2
        exit 1
    fi
}

# Everything the test suite talks to: a real broker and its clients, PostgreSQL (the ledger's PostgreSQL store;
# the tests run initdb and postgres from /usr/lib/postgresql/*/bin as nobody), pseudo-terminals,
# an independent Modbus server and client (pymodbus imports pyserial and serial_asyncio, which its package
# only recommends), openssl as an independent Ed25519 verifier, and a C compiler with libmosquitto for the
# MQTT benchmark's baseline; gcc + linux-libc-dev also let Dream.Gpio.Tests
# compare our GPIO uAPI struct layouts with the kernel headers; chromium is the headless browser
# Dream.Dashboard.Tests drives with Playwright (never a downloaded one). Dream.Packaging.Tests builds the
# Native AOT packages (DREAM_PACKAGE_PACKAGES) and runs the arm64 agent under qemu-aarch64-static.
# Native AOT builds link with clang; the arm64 cross build links with lld against Debian's aarch64 cross libc
# and strips with aarch64 binutils. (The scratch roots' libc6 and libssl3 are Debian's own .debs of the
# architecture, fetched by scripts/make-base-root with apt and a private state.)
# The VM boot test (scripts/vm-install-check) bootstraps a Debian 12 with debootstrap and boots it with
# qemu-system-x86 (KVM when /dev/kvm opens, else TCG); mke2fs (e2fsprogs) makes its disks without a loop mount.
DREAM_VM_PACKAGES=(debootstrap qemu-system-x86 e2fsprogs)
DREAM_PACKAGE_PACKAGES=(clang lld binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils)
DREAM_TEST_PACKAGES=(mosquitto mosquitto-clients postgresql socat python3-pymodbus python3-serial-asyncio mbpoll openssl gcc linux-libc-dev chromium
                     "${DREAM_PACKAGE_PACKAGES[@]}" qemu-user-static "${DREAM_VM_PACKAGES[@]}")
DREAM_RUN_PACKAGES=(mosquitto mosquitto-clients openssl jq python3)
# Benchmarks only (benchmarks/*/run): the MQTT benchmark builds a libmosquitto baseline with gcc.
DREAM_BENCHMARK_PACKAGES=(mosquitto gcc libmosquitto-dev python3 clang lld)
