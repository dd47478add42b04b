/*
 * fuzz: what the libFuzzer targets in fuzz/ share. Each target gets a
 * private temporary folder (under /dev/shm when there is one, so that the
 * SQLite store and list caches cost no disk syncs) for the files the code
 * under test reads, and cuts its input into parts line by line.
 */
#ifndef PROXYHOOKS_FUZZ_H
#define PROXYHOOKS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry points. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The target's folder, made at first use and removed when the process exits. */
const char *fuzz_dir(void);
/* fuzz_dir()/name, malloc'd; aborts when out of memory. */
char *fuzz_path(const char *name);
/* Replace the file at path with data[0..len); aborts on failure. */
void fuzz_write(const char *path, const void *data, size_t len);
/* A malloc'd NUL-terminated copy of data[0..len); aborts when out of memory. */
char *fuzz_strndup(const void *data, size_t len);

/* What is left of an input being cut into lines. */
struct fuzz_input {
	const char *p;
	size_t      left;
};

/* The next line (without its '\n') as a malloc'd string, or NULL when the
 * input is used up. A NUL byte ends the returned string early, as it would
 * in an environment variable. */
char *fuzz_line(struct fuzz_input *in);

/* Report a broken promise of the code under test and crash, so that
 * libFuzzer keeps the input. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
