/*
 * One line about a record, as the subcommands that show relations print
 * it: a name and id for records with names, the parties of a tie for the
 * others ("中铝集团 [chinalco] in ... : lead, chair").
 */
#include <string.h>

#include "iedu.h"

/* "name [id]" of a record, or "-" for none. */
static size_t named(char *buf, size_t size, const iedu_db *db, iedu_handle h,
		    const char *lang)
{
	const char *id = iedu_record_id(db, h);
	const char *name = iedu_record_display_name(db, h, lang);

	if (!h)
		return (size_t)snprintf(buf, size, "-");
	if (id && name && strcmp(id, name) != 0)
		return (size_t)snprintf(buf, size, "%s [%s]", name, id);
	return (size_t)snprintf(buf, size, "%s", id ? id : "-");
}

static const char *attr(const iedu_db *db, iedu_handle h, iedu_attr a)
{
	const char *v = iedu_record_attr(db, h, a);

	return v ? v : "";
}

const char *cli_describe(char *buf, size_t size, const iedu_db *db,
			 iedu_handle h, const char *lang)
{
	char x[512], y[512], fig[64];
	size_t o;
	uint32_t i, n;

	switch (iedu_record_kind(db, h)) {
	case IEDU_KIND_MEMBERSHIP:
		named(x, sizeof x, db, iedu_record_ref(db, h, IEDU_ATTR_MEMBER),
		      lang);
		named(y, sizeof y, db, iedu_record_ref(db, h, IEDU_ATTR_BODY),
		      lang);
		o = (size_t)snprintf(buf, size, "%s in %s: %s", x, y,
				     attr(db, h, IEDU_ATTR_ROLE));
		if (iedu_record_attr(db, h, IEDU_ATTR_FROM) && o < size)
			snprintf(buf + o, size - o, ", from %s",
				 attr(db, h, IEDU_ATTR_FROM));
		break;
	case IEDU_KIND_POST:
		named(x, sizeof x, db, iedu_record_ref(db, h, IEDU_ATTR_PERSON),
		      lang);
		named(y, sizeof y, db, iedu_record_ref(db, h, IEDU_ATTR_ORG),
		      lang);
		snprintf(buf, size, "%s: %s, %s", x,
			 iedu_record_display_name(db, h, lang), y);
		break;
	case IEDU_KIND_RELATION:
		named(x, sizeof x, db, iedu_record_ref(db, h, IEDU_ATTR_FROM),
		      lang);
		named(y, sizeof y, db, iedu_record_ref(db, h, IEDU_ATTR_TO),
		      lang);
		snprintf(buf, size, "%s %s %s", x, attr(db, h, IEDU_ATTR_TYPE),
			 y);
		break;
	case IEDU_KIND_DESIGNATION:
		named(x, sizeof x, db, iedu_record_ref(db, h, IEDU_ATTR_ORG),
		      lang);
		o = (size_t)snprintf(buf, size, "%s: %s", x,
				     attr(db, h, IEDU_ATTR_PROGRAMME));
		if (iedu_record_attr(db, h, IEDU_ATTR_BATCH) && o < size)
			o += (size_t)snprintf(buf + o, size - o, ", batch %s",
					      attr(db, h, IEDU_ATTR_BATCH));
		if (iedu_record_attr(db, h, IEDU_ATTR_DATE) && o < size)
			snprintf(buf + o, size - o, ", %s",
				 attr(db, h, IEDU_ATTR_DATE));
		break;
	case IEDU_KIND_EVENT:
		named(x, sizeof x, db, h, lang);
		snprintf(buf, size, "%s %s: %s", attr(db, h, IEDU_ATTR_DATE),
			 attr(db, h, IEDU_ATTR_TYPE), x);
		break;
	case IEDU_KIND_AGREEMENT:
		o = (size_t)snprintf(buf, size, "%s %s agreement [%s]",
				     attr(db, h, IEDU_ATTR_SIGNED),
				     attr(db, h, IEDU_ATTR_TYPE),
				     iedu_record_id(db, h));
		if (iedu_record_child_count(db, h, IEDU_CHILD_TITLE) &&
		    o < size)
			o += (size_t)snprintf(
			    buf + o, size - o, " %s",
			    iedu_record_display_name(db, h, lang));
		n = iedu_record_child_count(db, h, IEDU_CHILD_PARTY);
		for (i = 0; i < n && o < size; i++) {
			named(x, sizeof x, db,
			      iedu_record_child_ref(db, h, IEDU_CHILD_PARTY, i,
						    IEDU_ATTR_ORG),
			      lang);
			o += (size_t)snprintf(buf + o, size - o, "%s%s",
					      i ? ", " : ": ", x);
		}
		break;
	case IEDU_KIND_STATISTIC:
		cli_figure(fig, sizeof fig,
			   iedu_record_attr(db, h, IEDU_ATTR_VALUE),
			   iedu_record_attr(db, h, IEDU_ATTR_QUALIFIER),
			   iedu_record_attr(db, h, IEDU_ATTR_UNIT));
		snprintf(buf, size, "%s [%s]: %s %s",
			 attr(db, h, IEDU_ATTR_INDICATOR),
			 iedu_record_id(db, h), fig,
			 strcmp(attr(db, h, IEDU_ATTR_UNIT), "percent") == 0
			     ? ""
			     : attr(db, h, IEDU_ATTR_UNIT));
		break;
	default:
		named(buf, size, db, h, lang);
		break;
	}
	return buf;
}
