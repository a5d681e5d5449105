/* Building records in tests (builder.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "builder.h"

void build_set_pairs(iedu_batch *b, va_list ap)
{
	const char *name;

	while ((name = va_arg(ap, const char *)) != NULL) {
		const char *value = va_arg(ap, const char *);
		iedu_attr attr = iedu_attr_from_name(name);
		assert_int_not_equal(attr, IEDU_ATTR_NONE);
		if (iedu_batch_set(b, attr, value, IEDU_NUL) != IEDU_OK)
			fail_msg("setting %s=\"%s\": %s", name, value,
				 iedu_error_message(iedu_error_last()));
	}
}

void build_record(iedu_batch *b, iedu_kind kind, ...)
{
	va_list ap;

	assert_int_equal(iedu_batch_record(b, kind), IEDU_OK);
	va_start(ap, kind);
	build_set_pairs(b, ap);
	va_end(ap);
}

void build_end(iedu_batch *b)
{
	if (iedu_batch_end(b) != IEDU_OK)
		fail_msg("ending an element: %s",
			 iedu_error_message(iedu_error_last()));
}

void build_child(iedu_batch *b, iedu_child c, const char *text, ...)
{
	va_list ap;

	assert_int_equal(iedu_batch_child(b, c), IEDU_OK);
	va_start(ap, text);
	build_set_pairs(b, ap);
	va_end(ap);
	if (text)
		assert_int_equal(iedu_batch_text(b, text, IEDU_NUL), IEDU_OK);
	build_end(b);
}

void build_name_zh(iedu_batch *b, const char *text)
{
	build_child(b, IEDU_CHILD_NAME, text, "xml:lang", "zh", NULL);
}
