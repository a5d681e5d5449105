/* Files in tests (files.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

char *file_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

void file_write(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

void file_assert_holds(const char *path, const void *data, size_t len)
{
	size_t n;
	char *got = file_slurp(path, &n);

	assert_int_equal(n, len);
	assert_memory_equal(got, data, len);
	free(got);
}

char *file_tmpdir(const char *tag)
{
	char *dir = malloc(strlen(tag) + sizeof "/tmp/iedu--XXXXXX");

	assert_non_null(dir);
	sprintf(dir, "/tmp/iedu-%s-XXXXXX", tag);
	assert_non_null(mkdtemp(dir));
	return dir;
}

char *file_join(const char *dir, const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);

	assert_non_null(p);
	sprintf(p, "%s/%s", dir, name);
	return p;
}

void file_rm_tree(char *dir)
{
	struct dirent *e;
	DIR *d;

	chmod(dir, 0700);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char *p;
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = file_join(dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			file_rm_tree(p);
		} else {
			unlink(p);
			free(p);
		}
	}
	closedir(d);
	rmdir(dir);
	free(dir);
}
