/*
 * For the wine smoke test only (scripts/smoke-test.sh); never shipped.
 *
 * Rust's standard library on Windows gets random bytes from ProcessPrng in
 * bcryptprimitives.dll (Windows 10 and later). Debian's wine 8 has no such DLL, so
 * gongshi.exe would not start under it. This stand-in, placed beside the .exe, forwards
 * ProcessPrng to advapi32's RtlGenRandom (SystemFunction036), which wine has.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll bcryptprimitives.c
 */
#include <windows.h>

typedef BOOLEAN(WINAPI *GenRandom)(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    static GenRandom gen;
    if (!gen) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        gen = advapi ? (GenRandom)(void *)GetProcAddress(advapi, "SystemFunction036") : NULL;
    }
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!gen || !gen(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
