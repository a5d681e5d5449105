/*
 * Attribute values: each value type of iedu XML v1 checked and interned.
 * Messages say what was found and what was expected; the caller prefixes
 * the record and the field.
 */
#include <stdio.h>
#include <string.h>

#include "iedu/errors.h"
#include "iedu/values.h"
#include "alloc.h"
#include "batch.h"
#include "error.h"

#define ID_MAX_LEN  128
#define URL_MAX_LEN 4096
#define QUOTE_MAX   40

/* Writes at most QUOTE_MAX bytes of s, quoted and escaped, into buf. */
static const char *quote(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, o = 0;

	buf[o++] = '\'';
	for (i = 0; i < len && i < QUOTE_MAX && o + 6 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
		else
			buf[o++] = (char)c;
	}
	/* do not end inside a UTF-8 sequence */
	if (i < len) {
		while (o > 1 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
			o--;
		if (o > 1 && (unsigned char)buf[o - 1] >= 0xC0)
			o--;
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

/*
 * The characters of an id, A-Z a-z 0-9 . _ : -, by byte: 1 for those,
 * 0 for every other byte (the 128 above ASCII included).
 */
static const unsigned char id_chars[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 00-0F */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 10-1F */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, /* 20-2F */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, /* 30-3F */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 40-4F */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, /* 50-5F */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 60-6F */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, /* 70-7F */
};

static int is_id_char(char c)
{
	return id_chars[(unsigned char)c];
}

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The character at s[i] of checked UTF-8 for a message: quoted, or as
 * U+XXXX when it is a control character that would not show.
 */
static const char *char_at(char *buf, size_t size, const char *s, size_t len,
			   size_t i)
{
	unsigned char c = (unsigned char)s[i];
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

	if (c < 0x20 || c == 0x7F)
		snprintf(buf, size, "U+%04X", c);
	else
		snprintf(buf, size, "'%.*s'", (int)(n < len - i ? n : len - i),
			 s + i);
	return buf;
}

int parse_check_id(const char *s, size_t len, const char *what)
{
	char q[QUOTE_MAX * 4 + 16], c[16];
	size_t i;

	if (len == 0)
		return iedu__error(IEDU_EVALUE,
				   "empty %s; expected 1-128 characters from "
				   "A-Z a-z 0-9 . _ : -",
				   what);
	if (len > ID_MAX_LEN)
		return iedu__error(IEDU_EVALUE,
				   "%s %s is %zu characters long; expected at "
				   "most 128",
				   what, quote(q, sizeof q, s, len), len);
	if (!is_alnum(s[0]))
		return iedu__error(IEDU_EVALUE,
				   "%s %s starts with %s; expected a letter "
				   "or digit first",
				   what, quote(q, sizeof q, s, len),
				   char_at(c, sizeof c, s, len, 0));
	/*
	 * Every character is tested before any is reported on, so the loop
	 * has no branch but its own (ids are checked at every record and
	 * reference of an import).
	 */
	{
		unsigned all = 1;
		for (i = 1; i < len; i++)
			all &= id_chars[(unsigned char)s[i]];
		if (all)
			return 0;
	}
	/* byte positions count from 1, as in the value parsers' messages */
	for (i = 1; i < len; i++)
		if (!is_id_char(s[i]))
			return iedu__error(
			    IEDU_EVALUE,
			    "%s %s has %s at byte %zu; expected only "
			    "A-Z a-z 0-9 . _ : -",
			    what, quote(q, sizeof q, s, len),
			    char_at(c, sizeof c, s, len, i), i + 1);
	return 0;
}

static int intern(iedu_batch *b, const char *s, size_t len, uint32_t *out)
{
	return batch_intern(b, s, len, out);
}

static int parse_enum(const attr_spec *spec, const char *s, size_t len,
		      uint32_t *out)
{
	char q[QUOTE_MAX * 4 + 16], list[512];
	size_t n = 0;
	int i = schema_token_index(spec->tokens, s, len);

	if (i >= 0) {
		*out = (spec->deflt && (uint32_t)i + 1 == spec->deflt)
			   ? 0
			   : (uint32_t)i + 1;
		return 0;
	}
	list[0] = '\0';
	for (i = 0; spec->tokens[i]; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
				      i ? ", " : "", spec->tokens[i]);
	return iedu__error(IEDU_EVALUE, "%s is not allowed; expected one of %s",
			   quote(q, sizeof q, s, len), list);
}

static int parse_roles(iedu_batch *b, const char *s, size_t len, uint32_t *out)
{
	char q[QUOTE_MAX * 4 + 16], canon[256], list[512];
	uint32_t mask = 0;
	size_t i = 0, n = 0, l = 0;
	int k;

	while (i < len) {
		size_t j;
		int r;
		while (i < len && is_space(s[i]))
			i++;
		if (i == len)
			break;
		for (j = i; j < len && !is_space(s[j]); j++)
			;
		r = schema_token_index(schema_role_tokens, s + i, j - i);
		if (r < 0) {
			for (k = 0; schema_role_tokens[k]; k++)
				l += (size_t)snprintf(list + l, sizeof list - l,
						      "%s%s", k ? ", " : "",
						      schema_role_tokens[k]);
			return iedu__error(IEDU_EVALUE,
					   "%s is not a role; expected one or "
					   "more of %s",
					   quote(q, sizeof q, s + i, j - i),
					   list);
		}
		if (mask & (1u << r))
			return iedu__error(IEDU_EDUPLICATE,
					   "role '%s' is given twice; expected "
					   "each role once",
					   schema_role_tokens[r]);
		mask |= 1u << r;
		i = j;
	}
	if (!mask)
		return iedu__error(IEDU_EVALUE,
				   "no role given; expected one or more roles "
				   "separated by spaces");
	/* one role and nothing around it: the canonical form as it stands
	 * (with the parsing thread's hash of it) */
	if ((mask & (mask - 1)) == 0 && !is_space(s[0]) &&
	    !is_space(s[len - 1]))
		return intern(b, s, len, out);
	for (k = 0; schema_role_tokens[k]; k++)
		if (mask & (1u << k)) {
			size_t t = strlen(schema_role_tokens[k]);
			if (n)
				canon[n++] = ' ';
			memcpy(canon + n, schema_role_tokens[k], t);
			n += t;
		}
	return intern(b, canon, n, out);
}

static int parse_reflist(iedu_batch *b, const char *s, size_t len,
			 uint32_t *out)
{
	iedu_db *db = b->db;
	size_t i = 0, count = 0, start = db->nlists, joined_len = 0;
	uint32_t joined;
	int rc;

	/* first pass: check every id and count them */
	while (i < len) {
		size_t j;
		while (i < len && is_space(s[i]))
			i++;
		if (i == len)
			break;
		for (j = i; j < len && !is_space(s[j]); j++)
			;
		if ((rc = parse_check_id(s + i, j - i, "id")) != 0)
			return rc;
		count++;
		joined_len += (j - i) + (joined_len ? 1 : 0);
		i = j;
	}
	if (!count)
		return iedu__error(IEDU_EVALUE,
				   "no id given; expected one or more ids "
				   "separated by spaces");
	if ((rc = iedu__grow((void **)&db->lists, &db->lists_cap,
			     db->nlists + 2 + count, sizeof *db->lists,
			     "reading a list of ids")) != 0)
		return rc;
	iedu__ahead(db->lists, db->lists_cap * sizeof *db->lists,
		    (db->nlists + 2 + count) * sizeof *db->lists,
		    &db->lists_ahead);
	/* second pass: intern each and build the single-spaced form */
	{
		char *tmp = iedu__malloc(joined_len + 1);
		size_t t = 0, c = 0;
		if (!tmp)
			return iedu__error_nomem("reading a list of ids");
		i = 0;
		while (i < len) {
			size_t j, e;
			uint32_t off;
			while (i < len && is_space(s[i]))
				i++;
			if (i == len)
				break;
			for (j = i; j < len && !is_space(s[j]); j++)
				;
			if ((rc = intern(b, s + i, j - i, &off)) != 0) {
				iedu__free(tmp);
				return rc;
			}
			for (e = 0; e < c; e++)
				if (db->lists[start + 2 + e] == off) {
					char q[QUOTE_MAX * 4 + 16];
					iedu__free(tmp);
					return iedu__error(
					    IEDU_EDUPLICATE,
					    "id %s is listed twice; expected "
					    "each id once",
					    quote(q, sizeof q, s + i, j - i));
				}
			db->lists[start + 2 + c++] = off;
			if (t)
				tmp[t++] = ' ';
			memcpy(tmp + t, s + i, j - i);
			t += j - i;
			i = j;
		}
		rc = intern(b, tmp, t, &joined);
		iedu__free(tmp);
		if (rc)
			return rc;
	}
	db->lists[start] = (uint32_t)count;
	db->lists[start + 1] = joined;
	db->nlists = start + 2 + count;
	*out = (uint32_t)start + 1;
	return 0;
}

static int parse_posint(iedu_batch *b, const char *s, size_t len, uint32_t *out)
{
	char q[QUOTE_MAX * 4 + 16];
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return iedu__error(IEDU_EVALUE,
					   "%s is not a positive integer; "
					   "expected digits such as 1 or 12",
					   quote(q, sizeof q, s, len));
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > INT32_MAX)
			return iedu__error(IEDU_EVALUE,
					   "%s is too large; expected at most "
					   "2147483647",
					   quote(q, sizeof q, s, len));
	}
	if (len == 0 || v == 0 || s[0] == '0')
		return iedu__error(IEDU_EVALUE,
				   "%s is not a positive integer; expected "
				   "digits without leading zeros, from 1",
				   quote(q, sizeof q, s, len));
	return intern(b, s, len, out);
}

static int parse_url(iedu_batch *b, const char *s, size_t len, uint32_t *out)
{
	char q[QUOTE_MAX * 4 + 16];
	size_t i = 0;

	if (len > URL_MAX_LEN)
		return iedu__error(IEDU_EVALUE,
				   "URL of %zu bytes is too long; expected at "
				   "most 4096",
				   len);
	if (len &&
	    ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		for (i = 1; i < len && (is_alnum(s[i]) || s[i] == '+' ||
					s[i] == '-' || s[i] == '.');
		     i++)
			;
	if (i == 0 || i >= len - 1 || s[i] != ':')
		return iedu__error(IEDU_EVALUE,
				   "%s is not an absolute URL; expected a "
				   "scheme such as https: followed by the rest",
				   quote(q, sizeof q, s, len));
	for (i = 0; i < len; i++)
		if (is_space(s[i]))
			return iedu__error(
			    IEDU_EVALUE,
			    "URL %s contains white space at byte "
			    "%zu; expected spaces written as %%20",
			    quote(q, sizeof q, s, len), i + 1);
	return batch_intern_text(b, s, len, out);
}

/*
 * BCP 47 syntax, loosely: a 2-3 or 4-8 letter language, then subtags of
 * 1-8 letters or digits. Stored in conventional case: language lower,
 * 4-letter script title, 2-letter region upper, others lower.
 */
static int parse_lang(iedu_batch *b, const char *s, size_t len, uint32_t *out)
{
	char q[QUOTE_MAX * 4 + 16], canon[64];
	size_t i = 0, sub = 0;

	if (len == 0 || len >= sizeof canon)
		goto bad;
	while (i < len) {
		size_t j = i, n, k;
		int alpha = 1;
		for (; j < len && s[j] != '-'; j++) {
			if (!is_alnum(s[j]))
				goto bad;
			if (s[j] >= '0' && s[j] <= '9')
				alpha = 0;
		}
		n = j - i;
		if (n < 1 || n > 8 || (sub == 0 && (!alpha || n < 2)))
			goto bad;
		for (k = 0; k < n; k++) {
			char c = s[i + k];
			int upper = (sub > 0 && n == 2 && alpha) ||
				    (sub > 0 && n == 4 && alpha && k == 0);
			if (upper && c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			else if (!upper && c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			canon[i + k] = c;
		}
		if (j < len) {
			canon[j] = '-';
			if (j + 1 == len)
				goto bad;
		}
		i = j + 1;
		sub++;
	}
	return intern(b, canon, len, out);
bad:
	return iedu__error(IEDU_EVALUE,
			   "%s is not a language tag; expected a BCP 47 tag "
			   "such as zh, zh-Hans, zh-Hant or en",
			   quote(q, sizeof q, s, len));
}

static int all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int parse_attr(iedu_batch *b, const attr_spec *spec, const char *value,
	       size_t len, uint32_t *out)
{
	char q[QUOTE_MAX * 4 + 16];
	const char *s = value;
	int rc, stable = 0;

	if ((rc = batch_text_check(b, value, len, &stable)) != 0)
		return rc;
	switch ((vtype)spec->vt) {
	case VT_ID:
		if ((rc = parse_check_id(s, len, "id")) != 0 ||
		    (rc = intern(b, s, len, out)) != 0)
			return rc;
		/*
		 * The record's end reads the id's tag (is it taken?), in the
		 * arena where a reference before the record may have put the
		 * id long ago: finding a short id no longer reads there
		 * (strtab.h), so ask for it now. At 1,000,000 organisations
		 * that wait was an eighth of the importing thread's samples;
		 * one thread 12.60-12.76 s against 12.91-13.04 s.
		 */
		strtab_prefetch_tag(&b->db->strings, *out);
		return 0;
	case VT_REF:
		if ((rc = parse_check_id(s, len, "id")) != 0)
			return rc;
		return intern(b, s, len, out);
	case VT_TOKEN:
		if ((rc = parse_check_id(s, len, "token")) != 0)
			return rc;
		return intern(b, s, len, out);
	case VT_ENUM:
		return parse_enum(spec, s, len, out);
	case VT_ROLES:
		return parse_roles(b, s, len, out);
	case VT_REFLIST:
		return parse_reflist(b, s, len, out);
	case VT_DATE: {
		iedu_date d;
		if ((rc = iedu_date_parse(&d, s, len)) != 0)
			return rc;
		return intern(b, s, len, out);
	}
	case VT_POSINT:
		return parse_posint(b, s, len, out);
	case VT_NUMBER: {
		int64_t m;
		uint32_t sc;
		if ((rc = iedu_number_parse(&m, &sc, s, len)) != 0)
			return rc;
		return intern(b, s, len, out);
	}
	case VT_FREE: {
		const char *t;
		size_t tl = len;
		s = text_trim(s, &tl);
		if (tl == 0)
			return iedu__error(IEDU_EVALUE,
					   "empty value; expected some text");
		t = s;
		if (!stable && (rc = text_nfc(&t, &tl, s, tl, &b->scratch)) != 0)
			return rc;
		return batch_intern_text(b, t, tl, out);
	}
	case VT_URL:
		return parse_url(b, s, len, out);
	case VT_LANG:
		return parse_lang(b, s, len, out);
	case VT_DIVISION:
		if (len != 6 || !all_digits(s, len))
			return iedu__error(
			    IEDU_EVALUE,
			    "%s is not a division code; expected "
			    "6 digits (GB/T 2260), such as 500107",
			    quote(q, sizeof q, s, len));
		return intern(b, s, len, out);
	case VT_SCOPE:
		if (!(len == 2 && memcmp(s, "CN", 2) == 0) &&
		    !(len == 6 && all_digits(s, len)))
			return iedu__error(
			    IEDU_EVALUE,
			    "%s is not a scope; expected CN or a "
			    "6-digit division code",
			    quote(q, sizeof q, s, len));
		return intern(b, s, len, out);
	}
	return iedu__error(IEDU_ERROR, "internal error: unknown value type %d",
			   spec->vt);
}
