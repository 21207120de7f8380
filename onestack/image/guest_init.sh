#!/bin/sh
# /sbin/init of the onestack guest image (busybox): network, metadata, keys,
# user data, an HTTP server on port 80 and a TCP echo service on port 7.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
read BOOT_START _ < /proc/uptime 2>/dev/null || BOOT_START=0
METADATA=169.254.169.254
DRIVE=/mnt/config/openstack/latest

log() { echo "onestack-guest: $*"; }

elapsed() {
    read now _ < /proc/uptime
    awk -v a="$BOOT_START" -v b="$now" 'BEGIN { printf "%.2f", b - a }'
}

mounted() { grep -q " $1 " /proc/mounts 2>/dev/null; }

mount_basics() {
    mounted /proc || mount -t proc proc /proc
    mounted /sys || mount -t sysfs -o ro sysfs /sys
    mounted /dev || mount -t devtmpfs devtmpfs /dev 2>/dev/null
    for dir in /run /tmp; do
        mounted $dir || mount -t tmpfs -o mode=1777,size=16m tmpfs $dir
    done
}

# http_get PATH: the body of http://169.254.169.254PATH on stdout if the answer
# is 200. busybox's wget crashes when it cannot connect, so this speaks HTTP
# through nc.
http_get() {
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: onestack-guest\r\n\r\n' \
        "$1" "$METADATA" | nc -w 3 "$METADATA" 80 > /run/http.out 2>/dev/null || return 1
    head -n 1 /run/http.out | grep -q '^HTTP/1\.[01] 200' || return 1
    awk 'body { print; next } /^\r?$/ { body = 1 }' /run/http.out
}

json_value() {  # json_value KEY FILE: a top-level string value
    sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -n 1
}

configure_static() {  # configure_static IFACE: from the config drive, if it says
    link=$(grep "\"name\": \"$1\"" $DRIVE/network_data.json 2>/dev/null | \
        sed -n 's/.*"id": "\([^"]*\)".*/\1/p')
    [ -n "$link" ] || return 1
    line=$(grep "\"link\": \"$link\"" $DRIVE/network_data.json | grep '"type": "ipv4"')
    [ -n "$line" ] || return 1
    address=$(echo "$line" | sed -n 's/.*"ip_address": "\([^"]*\)".*/\1/p')
    prefix=$(echo "$line" | sed -n 's/.*"prefix": \([0-9]*\).*/\1/p')
    ip addr add "$address/$prefix" dev "$1"
    gateway=$(echo "$line" | sed -n 's/.*"gateway": "\([^"]*\)".*/\1/p')
    [ -n "$gateway" ] && ip route add default via "$gateway" dev "$1"
    return 0
}

mount_ephemeral() {
    [ -b /dev/vdb ] || return 0
    mkdir -p /mnt/ephemeral
    if mount -t ext4 /dev/vdb /mnt/ephemeral 2>/dev/null; then
        size=$(df -m /mnt/ephemeral | awk 'NR == 2 { print $2 }')
        log "vdb: ephemeral disk on /mnt/ephemeral ($size MB)"
    else
        log "vdb: present, not mounted"
    fi
}

bring_up_network() {
    ip link set lo up
    for path in /sys/class/net/eth*; do
        [ -e "$path" ] || continue
        iface=${path##*/}
        ip link set "$iface" up
        if configure_static "$iface"; then
            log "$iface: static address from the config drive"
        else
            udhcpc -i "$iface" -n -q -t 3 -T 1 -A 1 -s /usr/share/udhcpc/default.script \
                >/run/udhcpc.$iface.log 2>&1 &
        fi
    done
    wait
    for path in /sys/class/net/eth*; do
        [ -e "$path" ] || continue
        iface=${path##*/}
        addresses=$(ip -4 -o addr show dev "$iface" | awk '{ print $4 }' | tr '\n' ' ')
        addresses=${addresses% }
        how=static
        [ -e /run/udhcpc.$iface.log ] && how=dhcp
        log "$iface: ${addresses:-no address} ($how, mac $(cat $path/address))"
    done
}

fetch_metadata() {
    if ip route get $METADATA >/dev/null 2>&1 && \
            http_get /openstack/latest/meta_data.json > /run/meta_data.json; then
        SOURCE="http://$METADATA"
        http_get /openstack/latest/user_data > /run/user_data || rm -f /run/user_data
    elif [ -r $DRIVE/meta_data.json ]; then
        SOURCE="the config drive"
        cp $DRIVE/meta_data.json /run/meta_data.json
        [ -r $DRIVE/user_data ] && cp $DRIVE/user_data /run/user_data
    else
        log "no metadata: no metadata service and no config drive"
        return 1
    fi
    log "metadata fetched from $SOURCE"
}

apply_metadata() {
    uuid=$(json_value uuid /run/meta_data.json)
    name=$(json_value hostname /run/meta_data.json)
    log "instance-id: ${uuid:-unknown}"
    if [ -n "$name" ]; then
        hostname "$name" && echo "$name" > /etc/hostname
    fi
    log "hostname: $(hostname)"
    keys=$(sed -n 's/.*"public_keys": *{\([^}]*\)}.*/\1/p' /run/meta_data.json | \
        sed 's/"[^"]*": *"\([^"]*\)",\{0,1\} */\1\n/g; s/\\n//g')
    if [ -n "$keys" ]; then
        mkdir -p /root/.ssh && chmod 700 /root/.ssh
        echo "$keys" | grep -v '^ *$' > /root/.ssh/authorized_keys
        chmod 600 /root/.ssh/authorized_keys
        log "public key installed for root ($(wc -l < /root/.ssh/authorized_keys) key(s))"
    fi
}

run_user_data() {
    if [ ! -s /run/user_data ]; then
        log "user-data: none"
        return
    fi
    if [ "$(head -c 2 /run/user_data)" != "#!" ]; then
        log "user-data: not a script (does not start with #!), not run"
        return
    fi
    log "user-data: running"
    chmod 700 /run/user_data
    /run/user_data
    log "user-data done (exit $?)"
}

start_services() {
    mkdir -p /var/www
    cat > /var/www/index.html <<EOF
$(hostname) ${uuid:-}
EOF
    httpd -p 80 -h /var/www && log "httpd listening on port 80"
    nc -ll -p 7 -e /bin/cat </dev/null >/dev/null 2>&1 &
    log "echo service listening on port 7"
}

shutdown() {
    log "stopping (SIGTERM)"
    kill $(jobs -p) 2>/dev/null
    killall httpd nc 2>/dev/null
    grep -q " /mnt/ephemeral " /proc/mounts && umount /mnt/ephemeral
    log "stopped"
    exit 0
}

trap shutdown TERM INT
mount_basics
log "booting $(uname -s) $(uname -r) as $(hostname)"
mount_ephemeral
bring_up_network
fetch_metadata && apply_metadata
run_user_data
start_services
log "ready in $(elapsed) s: $(hostname) ${uuid:-}"
while :; do
    sleep 3600 &
    wait $!
done
