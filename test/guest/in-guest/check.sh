#!/bin/sh
# The guest test's checks, run by sdr-guest-check.service at each boot of the guest. It gathers
# facts (name=value lines in /var/tmp/guest/facts) and evidence (journal, files); the test on the
# host asserts on them. The first boot installs and exercises sdr.service, then reboots; the
# second checks that sdr came back at boot, lets cron deliver, and powers off. After each boot
# what it gathered goes as a tar archive onto the second disk (/dev/vdb), which the host reads.
set -u
R=/var/tmp/guest
LOG=/var/lib/sdr/log
SYSREC="$LOG/sysrec-$(date -u +%F).csv"
mkdir -p "$R"
say() { echo "guest-check: $*" >/dev/console; }
fact() { printf '%s=%s\n' "$1" "$2" >>"$R/facts"; say "$1=$2"; }
show() { systemctl show -p "$2" --value "$1"; }
rows() { if [ -f "$1" ]; then echo $(( $(wc -l <"$1") - 1 )); else echo 0; fi; }
# Waits up to $1 seconds for the command after it to succeed.
within() { n=$(( $1 * 5 )); shift; while [ "$n" -gt 0 ]; do "$@" && return 0; sleep 0.2; n=$((n - 1)); done; return 1; }
has_rows() { [ "$(rows "$1")" -ge "$2" ]; }
is_active() { [ "$(systemctl is-active "$1")" = active ]; }
not_active() { ! is_active "$1"; }
reloads() { journalctl -b -u sdr -o cat --no-pager | grep -c '^sdr: run: reloaded'; }
reloaded() { [ "$(reloads)" -ge "$1" ]; }
ship() {
  journalctl -b -o short-precise --no-pager >"$R/journal-boot$1.txt" 2>&1
  tar -cf /dev/vdb -C / var/tmp/guest var/lib/sdr/log var/lib/sdr-collect 2>/dev/null
  sync
}
collector() {
  systemd-run --unit=sdr-collect -p User=sdr -p StateDirectory=sdr-collect \
    /usr/local/bin/sdr collect --listen 127.0.0.1:8080 --data-dir /var/lib/sdr-collect/data --tokens /etc/sdr/tokens.json
}

systemctl is-system-running --wait >/dev/null 2>&1 &
within 90 sh -c '! kill -0 '$!' 2>/dev/null'

if [ ! -e "$R/boot1.done" ]; then
  fact boot1.uptime "$(cut -d' ' -f1 /proc/uptime)"
  collector

  # Install and start, as the README says.
  systemctl enable --now sdr >"$R/enable.txt" 2>&1
  fact enable.status $?
  within 30 has_rows "$SYSREC" 2
  fact start.active "$(systemctl is-active sdr)"
  fact sysrec.owner "$(stat -c %U:%G "$SYSREC")"
  fact sysrec.mode "$(stat -c %a "$SYSREC")"
  fact logdir.owner "$(stat -c %U:%G:%a "$LOG")"
  a=$(rows "$SYSREC"); sleep 5; b=$(rows "$SYSREC")
  fact growth.rows_in_5s $((b - a))
  pid=$(show sdr MainPID)
  fact reload.pid_before "$pid"

  # Reload with a config that adds the other recorders.
  cp -p /etc/sdr/sdr-reload.json /etc/sdr/sdr.json
  fact reload.at "$(date +%s)"
  systemctl reload sdr >"$R/reload.txt" 2>&1
  fact reload.status $?
  sleep 8
  fact reload.pid_after "$(show sdr MainPID)"
  fact reload.active "$(systemctl is-active sdr)"
  for r in cpurec diskrec nicrec hdwrec sdrrec; do fact "rows.$r" "$(rows "$LOG/$r-$(date -u +%F).csv")"; done

  # Stop: clean, in time, the lock released.
  t=$(date +%s%N)
  fact stop.at "$(date +%s)"
  systemctl stop sdr
  fact stop.ms $(( ($(date +%s%N) - t) / 1000000 ))
  fact stop.result "$(show sdr Result)"
  fact stop.status "$(show sdr ExecMainStatus)"
  # sdr run's lock on the log dir (.sdr-run.lock) and its recorders' (.sysrec.lock …) are gone.
  n=0; for f in "$LOG"/.*.lock; do [ -e "$f" ] && n=$((n + 1)); done
  fact stop.lock_left "$n"
  fact stop.timeout_usec "$(show sdr TimeoutStopUSec)"

  # SIGKILL: Restart=on-failure brings it back; a torn last line, as a kill mid-write leaves
  # one, is repaired when it starts again.
  systemctl start sdr
  within 20 has_rows "$SYSREC" $(( $(rows "$SYSREC") + 2 ))
  pid=$(show sdr MainPID)
  fact kill.at "$(date +%s)"
  systemctl kill -s KILL sdr
  within 5 not_active sdr
  printf '%s' "$(date +%s),0.5" >>"$SYSREC"
  fact kill.torn_written "$(tail -c 40 "$SYSREC" | tr '\n' ' ')"
  within 30 is_active sdr
  within 10 has_rows "$SYSREC" $(( $(rows "$SYSREC") + 2 ))
  fact kill.pid_before "$pid"
  fact kill.pid_after "$(show sdr MainPID)"
  fact kill.active "$(systemctl is-active sdr)"
  fact kill.restarts "$(show sdr NRestarts)"
  journalctl -b -u sdr -o cat --no-pager | grep -i 'torn\|repair\|incomplete' >"$R/torn.txt"
  fact kill.repair_lines "$(wc -l <"$R/torn.txt")"

  # A reload right after a start, before node has loaded sdr: ExecReload waits until sdr
  # catches SIGHUP, and sdr holds it until it has started. Same process, reloaded, not failed.
  systemctl restart sdr
  pid=$(show sdr MainPID)
  t=$(date +%s%N)
  systemctl reload sdr >"$R/early-reload.txt" 2>&1
  fact early_reload.status $?
  fact early_reload.ms $(( ($(date +%s%N) - t) / 1000000 ))
  within 30 reloaded 2
  sleep 2
  fact early_reload.pid_before "$pid"
  fact early_reload.pid_after "$(show sdr MainPID)"
  fact early_reload.active "$(systemctl is-active sdr)"
  fact early_reload.restarts "$(show sdr NRestarts)"
  fact early_reload.reloaded "$(reloads)"

  # sdr-xenrec.service where there is no Xen: skipped by its condition, not failed.
  systemctl start sdr-xenrec >"$R/xenrec-start.txt" 2>&1
  fact xenrec.start_status $?
  sleep 1
  fact xenrec.active "$(show sdr-xenrec ActiveState)"
  fact xenrec.condition "$(show sdr-xenrec ConditionResult)"
  fact xenrec.failed "$(systemctl is-failed sdr-xenrec)"
  # With its conditions lifted, as on a host whose /proc/xen lies: xenrec itself fails in one
  # line, and the unit is failed, not active.
  mkdir -p /run/systemd/system/sdr-xenrec.service.d
  printf '[Unit]\nConditionPathExists=\n[Service]\nExecCondition=\n' >/run/systemd/system/sdr-xenrec.service.d/lift.conf
  systemctl daemon-reload
  systemctl start sdr-xenrec
  within 10 not_active sdr-xenrec
  sleep 1
  fact xenrec.lifted_result "$(show sdr-xenrec Result)"
  fact xenrec.lifted_status "$(show sdr-xenrec ExecMainStatus)"
  journalctl -b -u sdr-xenrec -o cat --no-pager >"$R/xenrec-journal.txt"
  systemctl stop sdr-xenrec; systemctl reset-failed sdr-xenrec 2>/dev/null
  rm -r /run/systemd/system/sdr-xenrec.service.d; systemctl daemon-reload

  # The exposure scores of the units as installed, by the guest's systemd.
  for u in sdr sdr-xenrec; do
    fact "security.$u" "$(systemd-analyze security --no-pager "$u.service" 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
  done
  # The same recorders once as root outside any unit: a field they fill and the unit's rows
  # leave empty is one the hardening keeps from them.
  for r in sysrec cpurec diskrec nicrec hdwrec; do /usr/local/bin/sdr "$r" >"$R/free-$r.csv" 2>"$R/free-$r.err"; done
  sleep 4
  runuser -u sdr -- /usr/local/bin/sdr doctor --config /etc/sdr/sdr.json --since 10m >"$R/doctor.txt" 2>&1
  fact doctor.status $?
  journalctl -b -u sdr -o cat --no-pager >"$R/sdr-journal-boot1.txt"

  fact boot1.done_uptime "$(cut -d' ' -f1 /proc/uptime)"
  touch "$R/boot1.done"
  ship 1
  systemctl reboot
  exit 0
fi

# Second boot: sdr started at boot, by itself.
fact boot2.uptime "$(cut -d' ' -f1 /proc/uptime)"
within 30 is_active sdr
fact boot2.active "$(systemctl is-active sdr)"
fact boot2.enabled "$(systemctl is-enabled sdr)"
# Active is not yet recording: node loads sdr, which takes seconds under an emulated CPU.
within 30 has_rows "$SYSREC" $(( $(rows "$SYSREC") + 1 ))
a=$(rows "$SYSREC"); sleep 4; b=$(rows "$SYSREC")
fact boot2.rows_in_4s $((b - a))
collector
# Stop the recorders, then let cron deliver what they wrote: every row should reach the collector.
systemctl stop sdr
stopped=$(date +%s)
fact boot2.stop_result "$(show sdr Result)"
# Rows of the recorders the sender sends, in the log dir and at the collector (headers left out).
count() { cat "$@" 2>/dev/null | grep -vc '^timestamp' || true; }
recorded() { count "$LOG"/sysrec-*.csv "$LOG"/cpurec-*.csv "$LOG"/diskrec-*.csv "$LOG"/nicrec-*.csv "$LOG"/hdwrec-*.csv; }
delivered() { [ "$(count /var/lib/sdr-collect/data/*/*.csv)" -ge "$(recorded)" ]; }
within 150 delivered
within 60 flock -n /var/lib/sdr/send.lock true
fact cron.recorded "$(recorded)"
fact cron.delivered "$(count /var/lib/sdr-collect/data/*/*.csv)"
fact cron.runs_after_stop "$(journalctl -u cron --since "@$stopped" -o cat --no-pager | grep -c CMD)"
journalctl -t sdr-send -o cat --no-pager >"$R/sdr-send.txt"
journalctl -b -u sdr -o cat --no-pager >"$R/sdr-journal-boot2.txt"
fact boot2.done_uptime "$(cut -d' ' -f1 /proc/uptime)"
touch "$R/boot2.done"
ship 2
systemctl poweroff
