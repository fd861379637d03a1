# Sourced by scripts/package-agent and scripts/package-ledger: Native AOT publishing for a Debian architecture.
# Cross-compiling to arm64 on an x64 machine links with clang + lld against Debian's aarch64 cross libc
# (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, binutils-aarch64-linux-gnu): clang finds them itself for
# --target=aarch64-linux-gnu; ObjCopyName strips the arm64 binary with the matching objcopy.

# Debian architecture -> .NET runtime identifier.
dream_rid() {
    case "$1" in
    amd64) echo linux-x64 ;;
    arm64) echo linux-arm64 ;;
    *) echo "unknown architecture $1 (amd64 or arm64)" >&2; return 2 ;;
    esac
}

dream_host_arch() { dpkg --print-architecture; }

# dream_aot_publish PROJECT ARCH OUTPUT_DIR [extra dotnet publish arguments...]
# A Native AOT, self-contained, stripped executable and the native libraries its packages bring
# (libsodium.so from NSec, libe_sqlite3.so from SQLitePCLRaw) in OUTPUT_DIR. Intermediate files go to
# artifacts/aot/ (separate from bin/ and obj/, so the JIT build other tests run is never touched).
dream_aot_publish() {
    local project=$1 arch=$2 output=$3
    shift 3
    local rid cross=()
    rid=$(dream_rid "$arch")
    if [ "$arch" != "$(dream_host_arch)" ]; then
        case "$arch" in
        arm64) cross=(-p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy) ;;
        esac
    fi
    dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true -p:StripSymbols=true \
        --artifacts-path "$DREAM_REPO/artifacts/aot" "${cross[@]}" "$@" -nologo -v quiet -o "$output" >&2
    # The debug symbols stay out of the package (they are in artifacts/aot/ for a crash dump).
    find "$output" \( -name '*.dbg' -o -name '*.pdb' \) -delete
}

# dream_self_contained_publish PROJECT ARCH OUTPUT_DIR: the program with the .NET runtime beside it (JIT, not
# trimmed), for a program that is not yet trim/AOT-clean. The optional LTTng tracing provider is left out
# (it needs liblttng-ust, and .NET runs without it).
dream_self_contained_publish() {
    local project=$1 arch=$2 output=$3 rid
    rid=$(dream_rid "$arch")
    dotnet publish "$project" -c Release -r "$rid" --self-contained -p:PublishAot=false -p:UseAppHost=true \
        --artifacts-path "$DREAM_REPO/artifacts/self-contained" -nologo -v quiet -o "$output" >&2
    find "$output" \( -name '*.dbg' -o -name '*.pdb' -o -name 'libcoreclrtraceptprovider.so' -o -name 'createdump' \) -delete
}

# dream_check_elf ARCH FILE...: every ELF file is for ARCH and needs no library beyond glibc and the C++
# runtime (libstdc++6, libgcc-s1: apt itself needs them, so every Debian has them), or libraries of the package
# beside it: the package may depend on the base alone.
dream_check_elf() {
    local arch=$1 file needed machine want
    shift
    case "$arch" in amd64) want="X86-64" ;; arm64) want="AArch64" ;; esac
    for file in "$@"; do
        machine=$(readelf -h "$file" | awk -F: '/Machine:/ { gsub(/^ +/, "", $2); print $2 }')
        case "$machine" in *"$want"*) ;; *) echo "$file is for $machine, not $arch" >&2; return 1 ;; esac
        needed=$(readelf -d "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' \
            | grep -v -E '^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|ld-linux-(x86-64|aarch64)\.so\.[12]|libstdc\+\+\.so\.6|libgcc_s\.so\.1)$' || true)
        local lib
        for lib in $needed; do
            # A library of the package itself (beside the file) is fine.
            if [ ! -e "$(dirname "$file")/$lib" ]; then
                echo "$file needs $lib, which is not in a Debian base" >&2
                return 1
            fi
        done
    done
}

# dream_glibc_floor FILE...: the newest GLIBC_x.y symbol version the files need.
dream_glibc_floor() {
    local file
    for file in "$@"; do
        readelf -V --wide "$file" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' || true
    done | sed 's/GLIBC_//' | sort -uV | tail -1
}
