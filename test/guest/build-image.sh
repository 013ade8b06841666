#!/bin/bash
# Builds the guest's disk image, or finds it in the cache: a Debian bookworm minbase with systemd,
# this machine's node, sdr installed from its own `npm pack` tarball by `npm install -g` (into the
# image's /usr/local, as on a user's host), the unit files, configs and the cron job under etc/,
# and the check that runs at boot (in-guest/). Needs root (debootstrap, chroot).
#
#   build-image.sh     prints "image=… kernel=… initrd=… base_seconds=… image_seconds=…"
#
# Two caches under ${XDG_CACHE_HOME:-~/.cache}/sdr-guest, each keyed by a hash of its inputs:
# the debootstrapped tree (suite, mirror, packages), and the image (that key, node, the tarball,
# etc/ and in-guest/). A change to sdr rebuilds the image in seconds, not the tree.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/sdr-guest
mkdir -p "$cache"
# The image holds the token of the guest's collector: the cache is root's alone (its files are
# made with the usual umask, which the image's own files need).
chmod 700 "$cache"

suite=bookworm
# The mirror apt already uses on this machine (deb822 sources or sources.list), else Debian's.
mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1 || true)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb[[:space:]]\{1,\}\(http[^[:space:]]*\).*/\1/p' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1 || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
packages=systemd,systemd-sysv,udev,cron,procps,linux-image-cloud-amd64

sha() { sha256sum | cut -c1-16; }
base_key=$(printf '%s\n' "$suite" "$mirror" "$packages" | sha)
base=$cache/base-$base_key.tar
t0=$(date +%s.%N)
if [ ! -s "$base" ]; then
  tree=$(mktemp -d "$cache/tree.XXXXXX")
  debootstrap --variant=minbase --include="$packages" "$suite" "$tree" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -n 20 "$cache/debootstrap.log" >&2; rm -rf "$tree"; exit 1; }
  rm -rf "$tree/var/cache/apt/archives/"*.deb
  tar -C "$tree" -cf "$base.part" . && mv "$base.part" "$base"
  rm -rf "$tree"
fi
t1=$(date +%s.%N)

# The tarball a user installs from: npm pack builds dist/ (the prepare script) and packs `files`.
pack=$(mktemp -d)
trap 'rm -rf "$pack"' EXIT
(cd "$repo" && npm pack --silent --pack-destination "$pack" >/dev/null 2>&1)
tgz=$(ls "$pack"/sdr-*.tgz)
node_bin=$(command -v node)
image_key=$( { echo "$base_key"; sha256sum "$node_bin" "$tgz" | cut -d' ' -f1
  (cd "$repo" && find etc test/guest/in-guest test/guest/build-image.sh -type f | sort | xargs sha256sum); } | sha)
image=$cache/image-$image_key
if [ ! -s "$image.ext4" ]; then
  # One image is kept: the one of the sdr before this is of no more use.
  rm -f "$cache"/image-*
  root=$(mktemp -d "$cache/root.XXXXXX")
  tar -C "$root" -xf "$base"
  install -m 755 "$node_bin" "$root/usr/local/bin/node"
  # As a user installs it: npm install -g, the prefix being the image's /usr/local.
  npm install -g --prefix "$root/usr/local" --omit=dev --no-audit --no-fund "$tgz" >/dev/null 2>&1
  # The README's steps: the system user, the log dir, the config, the unit files.
  chroot "$root" useradd --system --user-group --home-dir /var/lib/sdr --shell /usr/sbin/nologin sdr
  chroot "$root" install -d -o sdr -g sdr -m 750 /var/lib/sdr /var/lib/sdr/log
  install -d -m 755 "$root/etc/sdr"
  for c in sdr.json sdr-reload.json send.json; do
    install -m 600 "$here/in-guest/$c" "$root/etc/sdr/$c"
    chroot "$root" chown sdr:sdr "/etc/sdr/$c"
  done
  # The collector's token, in the sender's token file and the collector's tokens file (mode 600).
  token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077; printf '%s\n' "$token" >"$root/etc/sdr/token"; printf '{"%s": ["guest"]}\n' "$token" >"$root/etc/sdr/tokens.json")
  chroot "$root" chown sdr:sdr /etc/sdr/token /etc/sdr/tokens.json
  install -m 644 "$repo/etc/systemd/sdr.service" "$repo/etc/systemd/sdr-xenrec.service" "$root/etc/systemd/system/"
  # The README's cron job, every minute instead of every five, with the config that names the
  # collector (sdr run's names none: one sender per log dir).
  sed -e 's|^\*/5 |* |' -e 's|--config /etc/sdr/sdr.json|--config /etc/sdr/send.json|' "$repo/etc/cron/sdr-send" >"$root/etc/cron.d/sdr-send"
  chmod 644 "$root/etc/cron.d/sdr-send"
  # The check, started at every boot.
  install -m 755 "$here/in-guest/check.sh" "$root/usr/local/sbin/sdr-guest-check"
  install -m 644 "$here/in-guest/sdr-guest-check.service" "$root/etc/systemd/system/"
  ln -s /etc/systemd/system/sdr-guest-check.service "$root/etc/systemd/system/multi-user.target.wants/sdr-guest-check.service"
  echo sdr-guest >"$root/etc/hostname"
  printf '/dev/vda / ext4 rw,errors=remount-ro 0 1\n' >"$root/etc/fstab"
  : >"$root/etc/machine-id"
  # No login prompt on the console: the check's lines are what it shows.
  ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
  cp "$root"/boot/vmlinuz-* "$image.vmlinuz.part"
  cp "$root"/boot/initrd.img-* "$image.initrd.part"
  mkfs.ext4 -q -F -L sdr-guest -d "$root" "$image.ext4.part" 2G >/dev/null
  rm -rf "$root"
  mv "$image.vmlinuz.part" "$image.vmlinuz"
  mv "$image.initrd.part" "$image.initrd"
  mv "$image.ext4.part" "$image.ext4"
fi
t2=$(date +%s.%N)
echo "image=$image.ext4 kernel=$image.vmlinuz initrd=$image.initrd base_seconds=$(awk "BEGIN { print $t1 - $t0 }") image_seconds=$(awk "BEGIN { print $t2 - $t1 }")"
