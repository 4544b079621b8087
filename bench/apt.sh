# Shared by bench/run.sh and bench/scale/run.sh (sourced): installing what a benchmark needs
# from Debian's packages. The sourcing script defines say() and die() first.
SUDO=()
[[ $(id -u) -eq 0 ]] || SUDO=(sudo)
APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null || die "missing $* and no apt-get here: install it yourself"
    if [[ $APT_UPDATED -eq 0 ]]; then
        say "apt-get update"
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
        APT_UPDATED=1
    fi
    say "apt-get install -y $*"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 || die "apt-get install $* failed"
}
