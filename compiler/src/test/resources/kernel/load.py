#!/usr/bin/env python3
"""Test-only: create an object's maps and load each program through bpf(2), so compiler tests can
ask the real kernel verifier. Input on stdin, one line each:
  map <type> <key_size> <value_size> <max_entries>
  prog <name> <prog_type> <insn-hex>      (16 hex digits per slot, kernel byte order)
Output: 'ok <name> <insn_count>' or 'fail <name>' followed by the verifier log. Exit 1 on any failure."""
import ctypes, os, struct, sys

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
NR_BPF = 321
BPF_MAP_CREATE, BPF_PROG_LOAD = 0, 5

def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(attr, 256)
    r = libc.syscall(NR_BPF, cmd, buf, 256)
    if r < 0:
        return -ctypes.get_errno()
    return r

fds = []
failed = False
for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    if parts[0] == 'map':
        t, k, v, n = map(int, parts[1:5])
        fd = bpf(BPF_MAP_CREATE, struct.pack('<IIIIII', t, k, v, n, 0, 0))
        if fd < 0:
            print('fail map', parts[1:], os.strerror(-fd)); sys.exit(1)
        fds.append(fd)
    elif parts[0] == 'prog':
        name, ptype, code = parts[1], int(parts[2]), bytearray.fromhex(parts[3])
        n = len(code) // 8
        i = 0
        while i < n:
            op = code[8 * i]
            regs = code[8 * i + 1]
            if op == 0x18 and (regs >> 4) == 1:   # lddw with BPF_PSEUDO_MAP_FD: imm is a map index
                idx = struct.unpack_from('<i', code, 8 * i + 4)[0]
                struct.pack_into('<i', code, 8 * i + 4, fds[idx])
                i += 2
                continue
            i += 1
        insns = ctypes.create_string_buffer(bytes(code), len(code))
        lic = ctypes.create_string_buffer(b'GPL')
        log = ctypes.create_string_buffer(1 << 22)
        attr = struct.pack('<IIQQIIQII16s', ptype, n, ctypes.addressof(insns), ctypes.addressof(lic),
                           2, len(log), ctypes.addressof(log), 0, 0, name[:15].encode())
        fd = bpf(BPF_PROG_LOAD, attr)
        if fd < 0:
            failed = True
            print('fail', name, os.strerror(-fd))
            text = log.value.decode(errors='replace').splitlines()
            print('\n'.join(text[-60:]))
        else:
            stats = [l for l in log.value.decode(errors='replace').splitlines() if l.startswith('processed')]
            print('ok', name, n, stats[-1] if stats else '')
            os.close(fd)
sys.exit(1 if failed else 0)
