/*
 * The per-thread last error. A fixed thread-local block: reporting an
 * error never allocates, so running out of memory can always be reported.
 * Messages longer than the block are cut at a UTF-8 character boundary.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "iedu/errors.h"
#include "error.h"

#define MSG_MAX	  2048
#define ID_MAX	  129
#define FIELD_MAX 64
#define FILE_MAX  1024

struct iedu_error {
	int code;
	iedu_kind kind;
	uint32_t line, column;
	int has_id, has_field, has_file;
	char message[MSG_MAX];
	char record_id[ID_MAX];
	char field[FIELD_MAX];
	char file[FILE_MAX];
};

static _Thread_local struct iedu_error last;

/* Copies src into dst (size bytes), cutting at a UTF-8 boundary. */
static void copy_cut(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memmove(dst, src, n);
	dst[n] = '\0';
}

/* After vsnprintf may have cut a multi-byte character: drop its head. */
static void fix_cut(char *s, size_t size)
{
	size_t n = strlen(s), i, need;
	unsigned char c;

	if (n + 1 < size)
		return;
	i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}

static int vset(int code, iedu_kind kind, const char *record_id,
		const char *field, const char *fmt, va_list ap)
{
	last.code = code;
	last.kind = kind;
	last.line = last.column = 0;
	last.has_file = 0;
	last.file[0] = '\0';
	last.has_id = record_id != NULL;
	copy_cut(last.record_id, sizeof last.record_id,
		 record_id ? record_id : "");
	last.has_field = field != NULL;
	copy_cut(last.field, sizeof last.field, field ? field : "");
	vsnprintf(last.message, sizeof last.message, fmt, ap);
	fix_cut(last.message, sizeof last.message);
	return code;
}

int iedu__error_set(int code, iedu_kind kind, const char *record_id,
		    const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(code, kind, record_id, field, fmt, ap);
	va_end(ap);
	return code;
}

int iedu__error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(code, IEDU_KIND_NONE, NULL, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int iedu__error_nomem(const char *what)
{
	return iedu__error(IEDU_ENOMEM, "out of memory while %s", what);
}

/* Puts prefix in front of the current message. */
static void prepend(const char *prefix)
{
	char tmp[MSG_MAX];
	size_t p = strlen(prefix), m = strlen(last.message);

	/* what does not fit is cut, never in the middle of a character */
	if (p > MSG_MAX - 1)
		p = MSG_MAX - 1;
	memcpy(tmp, prefix, p);
	if (m > MSG_MAX - 1 - p) {
		m = MSG_MAX - 1 - p;
		while (m > 0 && ((unsigned char)last.message[m] & 0xC0) == 0x80)
			m--;
	}
	memcpy(tmp + p, last.message, m);
	tmp[p + m] = '\0';
	memcpy(last.message, tmp, p + m + 1);
}

void iedu__error_locate(const char *file, uint32_t line, uint32_t column)
{
	char prefix[FILE_MAX + 64];

	last.line = line;
	last.column = column;
	last.has_file = file != NULL;
	copy_cut(last.file, sizeof last.file, file ? file : "");
	if (file)
		snprintf(prefix, sizeof prefix, "%s:%u:%u: error: ", last.file,
			 (unsigned)line, (unsigned)column);
	else
		snprintf(prefix, sizeof prefix,
			 "%u:%u: error: ", (unsigned)line, (unsigned)column);
	prepend(prefix);
}

void iedu__error_context(iedu_kind kind, const char *record_id,
			 const char *field)
{
	iedu__error_context_n(kind, record_id, 0, field);
}

void iedu__error_context_n(iedu_kind kind, const char *record_id,
			   uint32_t ordinal, const char *field)
{
	char prefix[ID_MAX + FIELD_MAX + 64];
	size_t n = 0;

	if (last.kind != IEDU_KIND_NONE || last.has_id || last.has_field)
		return;
	last.kind = kind;
	last.has_id = record_id != NULL;
	copy_cut(last.record_id, sizeof last.record_id,
		 record_id ? record_id : "");
	last.has_field = field != NULL;
	copy_cut(last.field, sizeof last.field, field ? field : "");
	prefix[0] = '\0';
	if (kind != IEDU_KIND_NONE)
		n += (size_t)snprintf(prefix + n, sizeof prefix - n, "%s",
				      iedu_kind_name(kind));
	if (record_id)
		n += (size_t)snprintf(prefix + n, sizeof prefix - n, "%s'%s'",
				      n ? " " : "", last.record_id);
	else if (ordinal)
		n += (size_t)snprintf(prefix + n, sizeof prefix - n, "%s#%u",
				      n ? " " : "", (unsigned)ordinal);
	if (field)
		n += (size_t)snprintf(prefix + n, sizeof prefix - n, "%s%s",
				      n ? ": " : "", last.field);
	if (n)
		snprintf(prefix + n, sizeof prefix - n, ": ");
	prepend(prefix);
}

const char *iedu_strerror(int code)
{
	switch (code) {
	case IEDU_OK:
		return "success";
	case IEDU_ERROR:
		return "error";
	case IEDU_ENOMEM:
		return "out of memory";
	case IEDU_EINVAL:
		return "invalid argument";
	case IEDU_ESTATE:
		return "call out of sequence";
	case IEDU_EBUSY:
		return "database has an open batch";
	case IEDU_ENOTFOUND:
		return "not found";
	case IEDU_EVALUE:
		return "malformed value";
	case IEDU_EMISSING:
		return "required item missing";
	case IEDU_EDUPLICATE:
		return "duplicate";
	case IEDU_EREF:
		return "reference to no record";
	case IEDU_EKIND:
		return "reference to a record of the wrong kind";
	case IEDU_ECYCLE:
		return "part-of cycle";
	case IEDU_ECONSTRAINT:
		return "contradictory values";
	case IEDU_EUNKNOWN:
		return "unknown attribute or element";
	case IEDU_ELIMIT:
		return "limit exceeded";
	case IEDU_EIO:
		return "input/output error";
	case IEDU_EPARSE:
		return "malformed input";
	case IEDU_EVERSION:
		return "unsupported format version";
	default:
		return "unknown status code";
	}
}

const iedu_error *iedu_error_last(void)
{
	return &last;
}

void iedu_error_clear(void)
{
	memset(&last, 0, sizeof last);
}

int iedu_error_code(const iedu_error *err)
{
	return err ? err->code : IEDU_EINVAL;
}

const char *iedu_error_message(const iedu_error *err)
{
	return err ? err->message : "";
}

const char *iedu_error_record_id(const iedu_error *err)
{
	return err && err->has_id ? err->record_id : NULL;
}

iedu_kind iedu_error_record_kind(const iedu_error *err)
{
	return err ? err->kind : IEDU_KIND_NONE;
}

const char *iedu_error_field(const iedu_error *err)
{
	return err && err->has_field ? err->field : NULL;
}

const char *iedu_error_file(const iedu_error *err)
{
	return err && err->has_file ? err->file : NULL;
}

uint32_t iedu_error_line(const iedu_error *err)
{
	return err ? err->line : 0;
}

uint32_t iedu_error_column(const iedu_error *err)
{
	return err ? err->column : 0;
}
