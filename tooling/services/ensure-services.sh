#!/usr/bin/env bash
# Makes sure the servers the integration tests use answer: PostgreSQL (127.0.0.1:5432),
# MariaDB (127.0.0.1:3306), Redis (127.0.0.1:6379) and Ceph RGW, the S3 server (127.0.0.1:7480).
# Installs the Debian client tools when missing and starts a server that does not answer with the
# machine's documented command (RGW with tooling/s3-server/start-rgw.sh, which installs Ceph).
# With --check-only it only reports (used by ./dev test); a server that does not answer is a
# failure either way, never a skip — except RGW under --check-only: @stowage/minio's integration
# tests start it themselves when it does not answer, so there it is only reported.
set -euo pipefail
check_only=false
[ "${1:-}" = "--check-only" ] && check_only=true

need_pkgs=()
# psql for the checks below; pg_dump/pg_restore and mariadb-dump/mariadb for `stowage backup`.
for tool in psql pg_dump pg_restore; do command -v $tool >/dev/null || { need_pkgs+=(postgresql-client); break; }; done
for tool in mariadb mariadb-dump; do command -v $tool >/dev/null || { need_pkgs+=(mariadb-client); break; }; done
command -v redis-cli >/dev/null || need_pkgs+=(redis-tools)
# The manual-restore test of SQLite backups runs the sqlite3 shell, as an operator would.
command -v sqlite3 >/dev/null || need_pkgs+=(sqlite3)
# The Redis tests start servers of their own (fail-open, passwords) besides the shared one.
[ -x /usr/bin/redis-server ] || need_pkgs+=(redis-server)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if $check_only; then
    echo "services: missing client tools: ${need_pkgs[*]} (run .ci/run or apt-get install them)" >&2
    exit 1
  fi
  echo "services: installing ${need_pkgs[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

pg_up() { psql -h 127.0.0.1 -p 5432 -U postgres -d test -tAc 'select 1' >/dev/null 2>&1; }
maria_up() { mariadb -h 127.0.0.1 -P 3306 -u root test -e 'select 1' >/dev/null 2>&1; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

pg_start() { pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start; }
maria_start() { start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd; }
redis_start() {
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

rgw_up() {
  if command -v curl >/dev/null; then curl -sf -o /dev/null --max-time 2 http://127.0.0.1:7480/
  else (exec 3<>/dev/tcp/127.0.0.1/7480) 2>/dev/null; fi
}

failed=0
if rgw_up; then
  echo "services: Ceph RGW :7480 answers" >&2
elif $check_only; then
  echo "services: Ceph RGW :7480 does not answer (the @stowage/minio tests start it themselves)" >&2
else
  echo "services: Ceph RGW :7480 does not answer; starting it" >&2
  if bash "$(dirname "${BASH_SOURCE[0]}")/../s3-server/start-rgw.sh" >&2 && rgw_up; then
    echo "services: Ceph RGW :7480 started" >&2
  else
    echo "services: Ceph RGW :7480 failed to start" >&2; failed=1
  fi
fi
for svc in pg maria redis; do
  name=$svc; case $svc in pg) name="PostgreSQL :5432" ;; maria) name="MariaDB :3306" ;; redis) name="Redis :6379" ;; esac
  if "${svc}_up"; then echo "services: $name answers" >&2; continue; fi
  if $check_only; then echo "services: $name does not answer" >&2; failed=1; continue; fi
  echo "services: $name does not answer; starting it" >&2
  "${svc}_start" >&2 || true
  for _ in $(seq 1 60); do "${svc}_up" && break; sleep 0.5; done
  if "${svc}_up"; then echo "services: $name started" >&2; else echo "services: $name failed to start" >&2; failed=1; fi
done
exit $failed
