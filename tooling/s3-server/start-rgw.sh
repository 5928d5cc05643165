#!/bin/bash
# Start a throw-away single-node Ceph cluster (one mon + one in-memory "memstore" osd [+ mgr])
# with the RADOS Gateway, a production S3 implementation, on 127.0.0.1. Answers S3 in about 5 s,
# over http on RGW_PORT and over https on RGW_TLS_PORT with a certificate signed by a throw-away
# CA made here (PEM in $CEPH_DIR/tls/ca.pem; valid for 127.0.0.1 and localhost only).
# Needs Debian 12's Ceph 16.2 packages; installs them when radosgw is missing (about 25 s, as root).
# Idempotent: when RGW already answers on both ports it does nothing; concurrent runs wait for each
# other (flock); a cluster left behind by a killed run (pids file, nothing answering) is stopped
# first, and so is one of ours that answers http but not https (started by an older version of
# this script). Used by tooling/services/ensure-services.sh and @stowage/minio's integration tests.
# Env: CEPH_DIR (default ${TMPDIR:-/tmp}/stowage-rgw), RGW_PORT (7480), RGW_TLS_PORT (7443),
#      WITH_MGR (0/1, default 0), S3_ACCESS_KEY / S3_SECRET_KEY, MEMSTORE_BYTES (default 4 GiB).
set -euo pipefail
D=${CEPH_DIR:-${TMPDIR:-/tmp}/stowage-rgw}
PORT=${RGW_PORT:-7480}
TLS_PORT=${RGW_TLS_PORT:-7443}
WITH_MGR=${WITH_MGR:-0}
AK=${S3_ACCESS_KEY:-testaccesskey}
SK=${S3_SECRET_KEY:-testsecretkey12345}
MEMSTORE_BYTES=${MEMSTORE_BYTES:-4294967296}
T0=$EPOCHREALTIME
ts() { awk -v a="$T0" -v b="$EPOCHREALTIME" -v m="$*" 'BEGIN{printf "[%6.2fs] %s\n", b-a, m}'; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
answers() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; }
# Verified against this cluster's own CA: an https answer signed by anything else does not count.
answers_tls() {
  [ -f "$D/tls/ca.pem" ] &&
    curl -sf -o /dev/null --max-time 2 --cacert "$D/tls/ca.pem" "https://127.0.0.1:$TLS_PORT/"
}

if ! command -v curl >/dev/null 2>&1 || ! command -v radosgw >/dev/null 2>&1 ||
   ! command -v openssl >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "start-rgw: radosgw (Debian's Ceph packages), curl or openssl is missing;" \
      "run this once as root to install them" >&2
    exit 1
  fi
  ts "installing Debian's Ceph packages (radosgw missing)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
     ceph-mon ceph-osd ceph-mgr radosgw ceph-common curl openssl) >/dev/null
  ts "packages installed"
fi
mkdir -p "$(dirname "$D")"
# The daemons started below must not inherit the lock (fd 9): they would hold it for ever.
exec 9>"$D.lock"
flock 9
if answers; then
  if answers_tls; then ts "rgw already answering on :$PORT and :$TLS_PORT (TLS)"; exit 0; fi
  if [ ! -e "$D/pids" ]; then
    echo "start-rgw: something answers http on :$PORT but not https on :$TLS_PORT, and there is" \
      "no $D/pids: it was not started by this script with CEPH_DIR=$D; stop it or set RGW_PORT" >&2
    exit 1
  fi
  echo "start-rgw: the cluster in $D answers http on :$PORT but not https on :$TLS_PORT" \
    "(started by an older start-rgw.sh?); restarting it with TLS" >&2
  CEPH_DIR="$D" bash "$HERE/stop-rgw.sh" >&2
elif [ -e "$D/pids" ]; then
  echo "start-rgw: $D/pids is left from a cluster that does not answer; stopping it first" >&2
  CEPH_DIR="$D" bash "$HERE/stop-rgw.sh" >&2
fi
rm -rf "$D"; mkdir -p "$D"/{mon.a,osd.0,mgr.x,run,log,tls}

# --- TLS: a throw-away CA, allowed to sign for 127.0.0.1 and localhost only (name constraints),
#     and a server certificate it signed; the CA key is deleted once used. P-256: fast to make.
TLS=$D/tls
EC_KEY=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${EC_KEY[@]}" -keyout "$TLS/ca.key" -out "$TLS/ca.pem" -days 365 \
  -subj "/CN=Stowage throw-away RGW test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "nameConstraints=critical,permitted;IP:127.0.0.1/255.255.255.255,permitted;DNS:localhost" \
  2>"$D/log/tls.err"
openssl req -new "${EC_KEY[@]}" -keyout "$TLS/server.key" -out "$TLS/server.csr" -subj "/CN=localhost" \
  2>>"$D/log/tls.err"
printf '%s\n' "subjectAltName = IP:127.0.0.1, DNS:localhost" "basicConstraints = CA:FALSE" \
  "keyUsage = digitalSignature" "extendedKeyUsage = serverAuth" >"$TLS/server.ext"
openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial \
  -out "$TLS/server.crt" -days 365 -extfile "$TLS/server.ext" 2>>"$D/log/tls.err"
rm -f "$TLS/ca.key" "$TLS/server.csr" "$TLS/ca.srl"
chmod 600 "$TLS/server.key"
ts "TLS certificates made in $TLS"
FSID=$(cat /proc/sys/kernel/random/uuid)
CONF=$D/ceph.conf
cat > "$CONF" <<EOF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:3300,v1:127.0.0.1:6789]
auth cluster required = none
auth service required = none
auth client required = none
run dir = $D/run
admin socket = $D/run/\$name.asok
log file = $D/log/\$name.log
pid file = $D/run/\$name.pid
crash dir = $D/crash
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
osd crush chooseleaf type = 0
ms bind ipv6 = false
# radosgw (daemon) defaults ms_mon_client_mode to "secure", which auth=none cannot do -> EACCES (-13)
ms mon client mode = crc secure
[mon]
mon data = $D/mon.\$id
mon cluster log file = $D/log/cluster.log
mon data avail warn = 2
mon data avail crit = 1
[osd]
osd data = $D/osd.\$id
osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES
osd class load list = *
osd class default list = *
[mgr]
mgr data = $D/mgr.\$id
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$PORT ssl_endpoint=127.0.0.1:$TLS_PORT ssl_certificate=$TLS/server.crt ssl_private_key=$TLS/server.key
rgw data = $D/rgw
# reclaim parts of aborted multipart uploads within seconds, not hours (memstore keeps them in RAM)
rgw gc obj min wait = 10
rgw gc processor period = 10
EOF
C="--conf $CONF"

# --- mon ---
monmaptool --create --fsid "$FSID" --addv a '[v2:127.0.0.1:3300,v1:127.0.0.1:6789]' "$D/monmap" >/dev/null
ceph-mon $C -i a --mkfs --monmap "$D/monmap"
ceph-mon $C -i a -f >"$D/log/mon.a.out" 2>&1 9>&- &
echo "mon.a $!" >> "$D/pids"
timeout 60 bash -c "until ceph $C --connect-timeout 2 mon stat >/dev/null 2>&1; do sleep 0.3; done"
ts "mon up"

# --- mgr (optional: not needed for S3 I/O) ---
if [ "$WITH_MGR" = 1 ]; then
  ceph-mgr $C -i x -f >"$D/log/mgr.x.out" 2>&1 9>&- &
  echo "mgr.x $!" >> "$D/pids"
fi

# --- osd (memstore) ---
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
OSD_ID=$(ceph $C osd new "$OSD_UUID")
ceph-osd $C -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >"$D/log/osd.mkfs.out" 2>&1
ceph-osd $C -i "$OSD_ID" -f >"$D/log/osd.$OSD_ID.out" 2>&1 9>&- &
echo "osd.$OSD_ID $!" >> "$D/pids"
# --- pre-create RGW pools in parallel (otherwise radosgw creates them one by one, and the
#     bucket index/data/non-ec pools lazily on first S3 use, costing seconds on the first request)
PIDS=()
for p in .rgw.root default.rgw.log default.rgw.control default.rgw.meta \
         default.rgw.buckets.index default.rgw.buckets.data default.rgw.buckets.non-ec; do
  ( ceph $C osd pool create "$p" 8 8 replicated >/dev/null 2>&1 &&
    ceph $C osd pool application enable "$p" rgw >/dev/null 2>&1 ) & PIDS+=($!)
done
for p in "${PIDS[@]}"; do wait "$p"; done
ts "rgw pools created"

timeout 60 bash -c "until ceph $C osd dump 2>/dev/null | grep -q '^osd.$OSD_ID up'; do sleep 0.3; done"
ts "osd.$OSD_ID up"

# --- radosgw ---
radosgw $C -n client.rgw.a -f >"$D/log/rgw.a.out" 2>&1 9>&- &
echo "rgw.a $!" >> "$D/pids"
timeout 120 bash -c "until curl -sf -o /dev/null --max-time 2 http://127.0.0.1:$PORT/; do sleep 0.3; done"
ts "rgw answering on :$PORT"
if ! answers_tls; then
  echo "start-rgw: rgw answers http on :$PORT but not https on :$TLS_PORT; see $D/log/client.rgw.a.log" >&2
  exit 1
fi
ts "rgw answering with TLS on :$TLS_PORT"
radosgw-admin $C user create --uid=test --display-name=test \
  --access-key="$AK" --secret="$SK" >"$D/log/user.json" 2>"$D/log/user.err"
ts "S3 user created (access=$AK)"
echo "CEPH_CONF=$CONF  S3 endpoints http://127.0.0.1:$PORT and https://127.0.0.1:$TLS_PORT" \
  "(S3_TLS_CA=$TLS/ca.pem)  pids in $D/pids"
