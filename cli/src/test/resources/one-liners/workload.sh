# Workload for the one-liners: opens, reads, a synced write to the root disk, page faults, 2.2 s in all.
for i in 1 2 3 4 5; do
    cat /etc/hostname /etc/passwd > /dev/null
    head -c 100000 /etc/services > /dev/null
done
dd if=/dev/urandom of=/var/tmp/jtracec-one-liner bs=64k count=16 conv=fsync 2> /dev/null
rm -f /var/tmp/jtracec-one-liner
sleep 2.2
