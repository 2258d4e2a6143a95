#!/usr/bin/env bash
# Package the one-folder build (dist/BranchDesk, from scripts/build_and_smoke.py) as a .deb for
# Debian-based desktops (统信UOS, 银河麒麟, Debian, Ubuntu):
#   /opt/branchdesk/                  the built program folder
#   /usr/bin/branchdesk               launcher (command line and window)
#   /usr/share/applications/branchdesk.desktop   menu entry 团支部工作台
#   /usr/share/icons/hicolor/…/apps/branchdesk.{png,svg}
# Usage: scripts/build_deb.sh [OUT_DIR]   (default dist/); prints the .deb's path last.
# The data stays in each user's ~/.local/share/branchdesk: removing the package never touches it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
folder="$root/dist/BranchDesk"
out="${1:-$root/dist}"
[ -x "$folder/BranchDesk" ] || { echo "no build in $folder: run scripts/build_and_smoke.py first" >&2; exit 1; }

version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/branchdesk/__init__.py")
arch=$(dpkg --print-architecture)
# the newest glibc symbol version anything in the folder needs
glibc=$(find "$folder" -type f \( -name '*.so*' -o -name BranchDesk \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/branchdesk"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
  "$pkg/usr/share/icons/hicolor/256x256/apps" "$pkg/usr/share/icons/hicolor/scalable/apps" \
  "$pkg/usr/share/doc/branchdesk"
cp -a "$folder" "$pkg/opt/branchdesk"
rm -rf "$pkg/opt/branchdesk/data" "$pkg/opt/branchdesk/portable.txt"  # never portable when installed
cat > "$pkg/usr/bin/branchdesk" <<'LAUNCHER'
#!/bin/sh
exec /opt/branchdesk/BranchDesk "$@"
LAUNCHER
chmod 0755 "$pkg/usr/bin/branchdesk"
install -m 0644 "$root/installer/linux/branchdesk.desktop" "$pkg/usr/share/applications/"
install -m 0644 "$root/resources/icons/branchdesk.png" "$pkg/usr/share/icons/hicolor/256x256/apps/"
install -m 0644 "$root/resources/icons/branchdesk.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/"
{
  echo "团支部工作台 BranchDesk $version"
  echo
  cat "$root/resources/THIRD-PARTY.txt"
  for f in fonts/LICENSE-wqy-microhei.txt LICENSE-pinyin-data.txt icons/README.txt; do
    echo; echo "== resources/$f =="; cat "$root/resources/$f"
  done
} > "$pkg/usr/share/doc/branchdesk/copyright"
gzip -9n -c "$root/CHANGELOG.md" > "$pkg/usr/share/doc/branchdesk/changelog.gz"
size=$(du -sk "$pkg" | cut -f1)
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: branchdesk
Version: $version
Section: misc
Priority: optional
Architecture: $arch
Installed-Size: $size
Depends: libc6 (>= $glibc), libcups2 | libcups2t64, libgl1, libegl1, libxcb1, libfontconfig1, libdbus-1-3
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1, fonts-wqy-microhei | fonts-noto-cjk
Maintainer: BranchDesk <branchdesk@localhost>
Description: 团支部工作台 — offline records for a Youth League branch
 团员花名册、三会两制一课、团费收缴、组织关系转接和《团支部工作手册》，
 保存在本机的一个数据库里，不需要联网。
 .
 Member roster, meeting logs, dues, transfers and the printed branch handbook for
 the secretary of a Communist Youth League branch, in one local database.
CONTROL
find "$pkg" -type d -exec chmod 0755 {} +
deb="$out/branchdesk_${version}_${arch}.deb"
mkdir -p "$out"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$pkg" "$deb" >/dev/null
echo "$deb"
