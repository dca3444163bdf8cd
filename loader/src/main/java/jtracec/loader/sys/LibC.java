package jtracec.loader.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The libc entry points the loader needs; every call that can fail reports errno as a {@link LastErrorException}. */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    long syscall(long number, long first, long second, long third, long fourth, long fifth) throws LastErrorException;

    int ioctl(int fd, long request, long argument) throws LastErrorException;

    Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset) throws LastErrorException;

    int munmap(Pointer address, long length) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int epoll_create1(int flags) throws LastErrorException;

    int epoll_ctl(int epollFd, int operation, int fd, Pointer event) throws LastErrorException;

    int epoll_wait(int epollFd, Pointer events, int maxEvents, int timeoutMillis) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    String strerror(int errno);

    int name_to_handle_at(int directoryFd, String path, byte[] handle, int[] mountId, int flags) throws LastErrorException;

    int getpagesize();

    long time(Pointer result);

    Pointer localtime_r(Pointer seconds, Pointer result);

    long strftime(byte[] buffer, long size, String format, Pointer time);

    int clock_gettime(int clock, Pointer timespec) throws LastErrorException;
}
