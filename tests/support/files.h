/*
 * Files in tests: reading and writing whole files, temporary directories
 * and their removal. Every failure fails the test.
 */
#ifndef IEDU_TEST_FILES_H
#define IEDU_TEST_FILES_H

#include <stddef.h>

/* The whole content of path, NUL-terminated (free()); length in *len. */
char *file_slurp(const char *path, size_t *len);

/* Writes len bytes to path, replacing it. */
void file_write(const char *path, const void *data, size_t len);

/* Asserts that path holds exactly the len bytes of data. */
void file_assert_holds(const char *path, const void *data, size_t len);

/* A new directory /tmp/iedu-TAG-XXXXXX (free()). */
char *file_tmpdir(const char *tag);

/* dir/name (free()). */
char *file_join(const char *dir, const char *name);

/* Removes dir and everything in it, read-only or not, and frees dir. */
void file_rm_tree(char *dir);

#endif
