/*
 * Tests of the consistency check through the public API: each finding
 * code is reported exactly when it should be and not otherwise, with its
 * exact message, record and field, and findings come ordered by record,
 * then code.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <iedu.h>
#include "support/builder.h"

/* ---- building records ---- */

static void org(iedu_batch *b, const char *id, const char *type)
{
	build_record(b, IEDU_KIND_ORGANIZATION, "id", id, "type", type, NULL);
	build_name_zh(b, id);
}

static void identifier(iedu_batch *b, const char *scheme, const char *code)
{
	build_child(b, IEDU_CHILD_IDENTIFIER, code, "scheme", scheme, NULL);
}

static void membership(iedu_batch *b, const char *member, const char *body,
		       const char *role)
{
	build_record(b, IEDU_KIND_MEMBERSHIP, "member", member, "body", body,
		     "role", role, NULL);
}

/* A member-units statistic about a body: value and qualifier (or NULL). */
static void member_units(iedu_batch *b, const char *id, const char *body,
			 const char *value, const char *qualifier)
{
	if (qualifier)
		build_record(b, IEDU_KIND_STATISTIC, "id", id, "indicator",
			     "member-units", "subject", body, "value", value,
			     "qualifier", qualifier, NULL);
	else
		build_record(b, IEDU_KIND_STATISTIC, "id", id, "indicator",
			     "member-units", "subject", body, "value", value,
			     NULL);
	build_end(b);
}

static void part(iedu_batch *b, const char *key, const char *value)
{
	build_child(b, IEDU_CHILD_PART, NULL, "key", key, "value", value, NULL);
}

static void commit(iedu_batch *b)
{
	if (iedu_batch_commit(b) != IEDU_OK)
		fail_msg("commit: %s", iedu_error_message(iedu_error_last()));
	iedu_batch_free(b);
}

static iedu_db *new_db(iedu_batch **b)
{
	iedu_db *db;

	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	assert_int_equal(iedu_batch_new(b, db), IEDU_OK);
	return db;
}

static iedu_handle id(const iedu_db *db, const char *s)
{
	iedu_handle h = IEDU_NONE;

	assert_int_equal(iedu_db_lookup(&h, db, s), IEDU_OK);
	return h;
}

/* One expected finding. record_id NULL: the record is given by handle. */
typedef struct expected {
	iedu_finding_code code;
	iedu_handle record;
	const char *field;
	const char *message;
} expected;

/* Checks db and compares the findings with want[0..n) exactly. */
static void expect_findings(const iedu_db *db, const expected *want, size_t n)
{
	iedu_findings *f = (iedu_findings *)1;
	size_t i;

	assert_int_equal(iedu_db_check(&f, db), IEDU_OK);
	assert_non_null(f);
	for (i = 0; i < iedu_findings_count(f) && i < n; i++) {
		if (iedu_findings_code(f, i) != want[i].code ||
		    iedu_findings_record(f, i) != want[i].record ||
		    strcmp(iedu_findings_message(f, i), want[i].message) != 0)
			fail_msg("finding %zu is %s on %u: \"%s\"; expected %s "
				 "on %u: \"%s\"",
				 i, iedu_finding_name(iedu_findings_code(f, i)),
				 (unsigned)iedu_findings_record(f, i),
				 iedu_findings_message(f, i),
				 iedu_finding_name(want[i].code),
				 (unsigned)want[i].record, want[i].message);
		if (want[i].field)
			assert_string_equal(iedu_findings_field(f, i),
					    want[i].field);
		else
			assert_null(iedu_findings_field(f, i));
	}
	if (iedu_findings_count(f) != n)
		fail_msg("%zu findings, expected %zu; the first extra: \"%s\"",
			 iedu_findings_count(f), n,
			 iedu_findings_count(f) > n
			     ? iedu_findings_message(f, n)
			     : "(none)");
	/* outside the list */
	assert_int_equal(iedu_findings_code(f, n), IEDU_FINDING_NONE);
	assert_int_equal(iedu_findings_record(f, n), IEDU_NONE);
	assert_null(iedu_findings_field(f, n));
	assert_null(iedu_findings_message(f, n));
	iedu_findings_free(f);
}

static void expect_none(const iedu_db *db)
{
	expect_findings(db, NULL, 0);
}

/* ---- member-count ---- */

/*
 * A body with memberships of a, b and c, where a holds two (lead, and
 * later council): three distinct members.
 */
static iedu_db *body_with_members(iedu_batch **b)
{
	iedu_db *db = new_db(b);

	org(*b, "body", "community");
	build_end(*b);
	org(*b, "a", "enterprise");
	build_end(*b);
	org(*b, "b", "university");
	build_end(*b);
	org(*b, "c", "vocational-school");
	build_end(*b);
	membership(*b, "a", "body", "lead");
	build_end(*b);
	membership(*b, "b", "body", "member");
	build_end(*b);
	membership(*b, "a", "body", "council");
	build_end(*b);
	membership(*b, "c", "body", "member");
	build_end(*b);
	/* a membership elsewhere does not count */
	membership(*b, "body", "a", "member");
	build_end(*b);
	return db;
}

static void test_member_count_exact(void **state)
{
	iedu_batch *b;
	iedu_db *db = body_with_members(&b);

	(void)state;
	member_units(b, "st-157", "body", "157", NULL);
	member_units(b, "st-3", "body", "3", NULL);	/* a counted once */
	member_units(b, "st-4", "body", "4", "exact");	/* a counted twice */
	member_units(b, "st-3.0", "body", "3.0", NULL); /* same number */
	member_units(b, "st-a", "a", "1", NULL); /* body is a member of a */
	member_units(b, "st-b", "b", "0", NULL); /* no members at all */
	member_units(b, "st-c", "c", "2", NULL);
	commit(b);
	{
		const expected want[] = {
		    {IEDU_FINDING_MEMBER_COUNT, id(db, "st-157"), "value",
		     "statistic 'st-157' states 157 member units of "
		     "organization 'body'; 3 members are recorded"},
		    {IEDU_FINDING_MEMBER_COUNT, id(db, "st-4"), "value",
		     "statistic 'st-4' states 4 member units of "
		     "organization 'body'; 3 members are recorded"},
		    {IEDU_FINDING_MEMBER_COUNT, id(db, "st-c"), "value",
		     "statistic 'st-c' states 2 member units of "
		     "organization 'c'; 0 members are recorded"},
		};
		expect_findings(db, want, 3);
	}
	iedu_db_free(db);
}

static void test_member_count_singular(void **state)
{
	iedu_batch *b;
	iedu_db *db = new_db(&b);

	(void)state;
	org(b, "body", "community");
	build_end(b);
	org(b, "a", "enterprise");
	build_end(b);
	membership(b, "a", "body", "lead chair");
	build_end(b);
	member_units(b, "st", "body", "157", NULL);
	commit(b);
	{
		const expected want[] = {
		    {IEDU_FINDING_MEMBER_COUNT, id(db, "st"), "value",
		     "statistic 'st' states 157 member units of "
		     "organization 'body'; 1 member is recorded"},
		};
		expect_findings(db, want, 1);
	}
	iedu_db_free(db);
}

static void test_member_count_qualifiers(void **state)
{
	iedu_batch *b;
	iedu_db *db = body_with_members(&b);

	(void)state;
	/* satisfied by three members */
	member_units(b, "ok-more-than", "body", "2", "more-than");
	member_units(b, "ok-at-least", "body", "3", "at-least");
	member_units(b, "ok-less-than", "body", "4", "less-than");
	member_units(b, "ok-at-most", "body", "3", "at-most");
	member_units(b, "ok-about", "body", "157", "about");
	/* not satisfied */
	member_units(b, "more-than", "body", "3", "more-than");
	member_units(b, "at-least", "body", "157", "at-least");
	member_units(b, "less-than", "body", "3", "less-than");
	member_units(b, "at-most", "body", "2.5", "at-most");
	commit(b);
	{
		const expected want[] = {
		    {IEDU_FINDING_MEMBER_COUNT, id(db, "more-than"), "value",
		     "statistic 'more-than' states more than 3 member "
		     "units of organization 'body'; 3 members are "
		     "recorded"},
		    {IEDU_FINDING_MEMBER_COUNT, id(db, "at-least"), "value",
		     "statistic 'at-least' states at least 157 member "
		     "units of organization 'body'; 3 members are "
		     "recorded"},
		    {IEDU_FINDING_MEMBER_COUNT, id(db, "less-than"), "value",
		     "statistic 'less-than' states less than 3 member "
		     "units of organization 'body'; 3 members are "
		     "recorded"},
		    {IEDU_FINDING_MEMBER_COUNT, id(db, "at-most"), "value",
		     "statistic 'at-most' states at most 2.5 member units "
		     "of organization 'body'; 3 members are recorded"},
		};
		expect_findings(db, want, 4);
	}
	iedu_db_free(db);
}

/* Only member-units figures about an organization are compared. */
static void test_member_count_not_applicable(void **state)
{
	iedu_batch *b;
	iedu_db *db = body_with_members(&b);

	(void)state;
	build_record(b, IEDU_KIND_STATISTIC, "id", "other-indicator",
		     "indicator", "member-enterprises", "subject", "body",
		     "value", "157", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_STATISTIC, "id", "by-scope", "indicator",
		     "member-units", "scope", "CN", "value", "157", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_PERSON, "id", "p", NULL);
	build_name_zh(b, "吴岩");
	build_end(b);
	build_record(b, IEDU_KIND_STATISTIC, "id", "about-person", "indicator",
		     "member-units", "subject", "p", "value", "157", NULL);
	build_end(b);
	commit(b);
	expect_none(db);
	iedu_db_free(db);
}

/* ---- parts-short ---- */

static void test_parts_short(void **state)
{
	iedu_batch *b;
	iedu_db *db = new_db(&b);

	(void)state;
	build_record(b, IEDU_KIND_STATISTIC, "id", "short", "indicator",
		     "member-units", "scope", "CN", "value", "157", NULL);
	part(b, "enterprise", "88");
	part(b, "university", "19");
	part(b, "vocational-school", "33");
	part(b, "research-institute", "16");
	build_end(b);
	build_record(b, IEDU_KIND_STATISTIC, "id", "complete", "indicator",
		     "member-units", "scope", "CN", "value", "157", "qualifier",
		     "exact", NULL);
	part(b, "enterprise", "88");
	part(b, "university", "19");
	part(b, "vocational-school", "33");
	part(b, "research-institute", "16");
	part(b, "association", "1");
	build_end(b);
	/* a total that is not exact: parts may well fall short */
	build_record(b, IEDU_KIND_STATISTIC, "id", "about", "indicator",
		     "member-units", "scope", "CN", "value", "157", "qualifier",
		     "about", NULL);
	part(b, "enterprise", "88");
	build_end(b);
	build_record(b, IEDU_KIND_STATISTIC, "id", "more-than", "indicator",
		     "member-units", "scope", "CN", "value", "157", "qualifier",
		     "more-than", NULL);
	part(b, "enterprise", "88");
	build_end(b);
	/* no parts: nothing to add up */
	build_record(b, IEDU_KIND_STATISTIC, "id", "no-parts", "indicator",
		     "member-units", "scope", "CN", "value", "157", NULL);
	build_end(b);
	/* decimal fractions that add up exactly */
	build_record(b, IEDU_KIND_STATISTIC, "id", "thirds", "indicator",
		     "share", "scope", "CN", "value", "100", NULL);
	part(b, "a", "33.3");
	part(b, "b", "33.3");
	part(b, "c", "33.4");
	build_end(b);
	build_record(b, IEDU_KIND_STATISTIC, "id", "tenths", "indicator",
		     "share", "scope", "CN", "value", "0.3", NULL);
	part(b, "a", "0.1");
	part(b, "b", "0.2");
	build_end(b);
	build_record(b, IEDU_KIND_STATISTIC, "id", "tenths-short", "indicator",
		     "share", "scope", "CN", "value", "0.3", NULL);
	part(b, "a", "0.1");
	part(b, "b", "0.19");
	build_end(b);
	build_record(b, IEDU_KIND_STATISTIC, "id", "negative", "indicator",
		     "change", "scope", "CN", "value", "-3", NULL);
	part(b, "a", "-2");
	part(b, "b", "-2");
	build_end(b);
	commit(b);
	{
		const expected want[] = {
		    {IEDU_FINDING_PARTS_SHORT, id(db, "short"), "part",
		     "statistic 'short': its 4 parts sum to 156, less than "
		     "the exact total 157"},
		    {IEDU_FINDING_PARTS_SHORT, id(db, "tenths-short"), "part",
		     "statistic 'tenths-short': its 2 parts sum to 0.29, "
		     "less than the exact total 0.3"},
		    {IEDU_FINDING_PARTS_SHORT, id(db, "negative"), "part",
		     "statistic 'negative': its 2 parts sum to -4, less "
		     "than the exact total -3"},
		};
		expect_findings(db, want, 3);
	}
	iedu_db_free(db);
}

/* ---- date-order ---- */

static void test_date_order(void **state)
{
	iedu_batch *b;
	iedu_db *db = new_db(&b);

	(void)state;
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "dissolved-early", "type",
		     "alliance", "founded", "2024-07-02", "dissolved",
		     "2024-07-01", NULL);
	build_name_zh(b, "联盟甲");
	build_end(b);
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "same-day", "type",
		     "alliance", "founded", "2024-07-02", "dissolved",
		     "2024-07-02", NULL);
	build_name_zh(b, "联盟乙");
	build_end(b);
	/* 2024 may be any day of 2024: not certainly before */
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "partial", "type",
		     "alliance", "founded", "2024-07-02", "dissolved", "2024",
		     NULL);
	build_name_zh(b, "联盟丙");
	build_end(b);
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "open", "type",
		     "alliance", "founded", "2024-07-02", NULL);
	build_name_zh(b, "联盟丁");
	build_end(b);
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "month", "type",
		     "alliance", "founded", "2024-07", "dissolved",
		     "2024-06-30", NULL);
	build_name_zh(b, "联盟戊");
	build_end(b);

	build_record(b, IEDU_KIND_MEMBERSHIP, "member", "open", "body",
		     "same-day", "role", "member", "from", "2024-07-02",
		     "until", "2023", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_MEMBERSHIP, "member", "open", "body",
		     "partial", "role", "member", "from", "2024-07-02", "until",
		     "2024", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_MEMBERSHIP, "id", "m-named", "member", "open",
		     "body", "month", "role", "member", "from", "2024-07-02",
		     "until", "2024-06", NULL);
	build_end(b);

	build_record(b, IEDU_KIND_PERSON, "id", "wu-yan", NULL);
	build_name_zh(b, "吴岩");
	build_end(b);
	build_record(b, IEDU_KIND_POST, "person", "wu-yan", "org", "open",
		     "from", "2018", "until", "2017-12-31", NULL);
	build_child(b, IEDU_CHILD_TITLE, "副部长", "xml:lang", "zh", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_POST, "person", "wu-yan", "org", "open",
		     "from", "2018", "until", "2018-01-01", NULL);
	build_child(b, IEDU_CHILD_TITLE, "副部长", "xml:lang", "zh", NULL);
	build_end(b);

	build_record(b, IEDU_KIND_RELATION, "from", "partial", "to", "open",
		     "type", "part-of", "since", "2020-05", "until",
		     "2020-04-30", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_RELATION, "from", "month", "to", "open",
		     "type", "partner-of", "since", "2020-05", "until",
		     "2020-05-01", NULL);
	build_end(b);

	build_record(b, IEDU_KIND_EVENT, "id", "ev-backwards", "type",
		     "conference", "date", "2024-07-02", "until", "2024-07-01",
		     NULL);
	build_end(b);
	build_record(b, IEDU_KIND_EVENT, "id", "ev-two-days", "type",
		     "conference", "date", "2024-07-02", "until", "2024-07-03",
		     NULL);
	build_end(b);
	build_record(b, IEDU_KIND_EVENT, "id", "ev-partial", "type",
		     "conference", "date", "2024-07-02", "until", "2024", NULL);
	build_end(b);
	commit(b);
	{
		const expected want[] = {
		    {IEDU_FINDING_DATE_ORDER, id(db, "dissolved-early"),
		     "dissolved",
		     "organization 'dissolved-early': dissolved 2024-07-01 "
		     "is before founded 2024-07-02"},
		    {IEDU_FINDING_DATE_ORDER, id(db, "month"), "dissolved",
		     "organization 'month': dissolved 2024-06-30 is before "
		     "founded 2024-07"},
		    {IEDU_FINDING_DATE_ORDER,
		     iedu_db_record_at(db, IEDU_KIND_MEMBERSHIP, 0), "until",
		     "membership #1: until 2023 is before from 2024-07-02"},
		    {IEDU_FINDING_DATE_ORDER, id(db, "m-named"), "until",
		     "membership 'm-named': until 2024-06 is before from "
		     "2024-07-02"},
		    {IEDU_FINDING_DATE_ORDER,
		     iedu_db_record_at(db, IEDU_KIND_POST, 0), "until",
		     "post #1: until 2017-12-31 is before from 2018"},
		    {IEDU_FINDING_DATE_ORDER,
		     iedu_db_record_at(db, IEDU_KIND_RELATION, 0), "until",
		     "relation #1: until 2020-04-30 is before since "
		     "2020-05"},
		    {IEDU_FINDING_DATE_ORDER, id(db, "ev-backwards"), "until",
		     "event 'ev-backwards': until 2024-07-01 is before date "
		     "2024-07-02"},
		};
		expect_findings(db, want, 7);
	}
	iedu_db_free(db);
}

/* ---- event-after-source ---- */

static void source(iedu_batch *b, const char *id, const char *published)
{
	if (published)
		build_record(b, IEDU_KIND_SOURCE, "id", id, "type", "news",
			     "published", published, NULL);
	else
		build_record(b, IEDU_KIND_SOURCE, "id", id, "type", "news",
			     NULL);
	build_child(b, IEDU_CHILD_TITLE, id, "xml:lang", "zh", NULL);
	build_end(b);
}

static void event(iedu_batch *b, const char *id, const char *date)
{
	build_record(b, IEDU_KIND_EVENT, "id", id, "type", "conference", "date",
		     date, NULL);
}

static void cite(iedu_batch *b, const char *source)
{
	build_child(b, IEDU_CHILD_CITE, NULL, "source", source, NULL);
}

static void test_event_after_source(void **state)
{
	iedu_batch *b;
	iedu_db *db = new_db(&b);

	(void)state;
	source(b, "src-0705", "2024-07-05");
	source(b, "src-0701", "2024-07-01");
	source(b, "src-2024", "2024");
	source(b, "src-undated", NULL);
	source(b, "src-0630", "2024-06-30");

	event(b, "ev-ok", "2024-07-02");
	cite(b, "src-0705");
	cite(b, "src-2024");
	cite(b, "src-undated");
	build_end(b);
	event(b, "ev-same-day", "2024-07-05");
	cite(b, "src-0705");
	build_end(b);
	/* cites the same source twice: one finding */
	event(b, "ev-late", "2024-07-02");
	cite(b, "src-0701");
	cite(b, "src-0705");
	cite(b, "src-0701");
	build_end(b);
	/* July 2024 may be the 1st: not certainly after */
	event(b, "ev-month", "2024-07");
	cite(b, "src-0701");
	build_end(b);
	event(b, "ev-two", "2024-07-03");
	cite(b, "src-0701");
	cite(b, "src-0630");
	build_end(b);
	/* the source is no event's: other records are not dated events */
	build_record(b, IEDU_KIND_STATISTIC, "id", "st", "indicator",
		     "attendees", "scope", "CN", "date", "2024-07-09", "value",
		     "260", NULL);
	cite(b, "src-0701");
	build_end(b);
	commit(b);
	{
		const expected want[] = {
		    {IEDU_FINDING_EVENT_AFTER_SOURCE, id(db, "ev-late"), "date",
		     "event 'ev-late' is dated 2024-07-02, but source "
		     "'src-0701', which reports it, was published on "
		     "2024-07-01"},
		    {IEDU_FINDING_EVENT_AFTER_SOURCE, id(db, "ev-two"), "date",
		     "event 'ev-two' is dated 2024-07-03, but source "
		     "'src-0701', which reports it, was published on "
		     "2024-07-01"},
		    {IEDU_FINDING_EVENT_AFTER_SOURCE, id(db, "ev-two"), "date",
		     "event 'ev-two' is dated 2024-07-03, but source "
		     "'src-0630', which reports it, was published on "
		     "2024-06-30"},
		};
		expect_findings(db, want, 3);
	}
	iedu_db_free(db);
}

/* ---- identifiers ---- */

#define USCC_OK_1 "91110000710931141J"
#define USCC_OK_2 "91500000202801940B"
#define USCC_BAD  "91110000100001720X" /* its check character is T */

static void test_uscc_codes_used(void **state)
{
	(void)state;
	assert_int_equal(iedu_uscc_verify(USCC_OK_1, 18), 1);
	assert_int_equal(iedu_uscc_verify(USCC_OK_2, 18), 1);
	assert_int_equal(iedu_uscc_verify(USCC_BAD, 18), 0);
	assert_int_equal(iedu_uscc_check_char(USCC_BAD), 'T');
}

static void test_same_identifier(void **state)
{
	iedu_batch *b;
	iedu_db *db = new_db(&b);

	(void)state;
	org(b, "chinalco", "enterprise");
	identifier(b, "uscc", USCC_OK_1);
	/* the same code under another scheme too: not a finding */
	identifier(b, "other", USCC_OK_1);
	build_end(b);
	org(b, "chinalco-again", "enterprise");
	identifier(b, "uscc", USCC_OK_1);
	build_end(b);
	/* same value, another scheme: not the same identifier */
	org(b, "elsewhere", "enterprise");
	identifier(b, "wikidata", USCC_OK_2);
	build_end(b);
	org(b, "swa", "enterprise");
	identifier(b, "uscc", USCC_OK_2);
	identifier(b, "wikidata", "Q1");
	build_end(b);
	org(b, "third", "enterprise");
	identifier(b, "uscc", USCC_OK_1);
	build_end(b);
	commit(b);
	{
		const expected want[] = {
		    {IEDU_FINDING_SAME_IDENTIFIER, id(db, "chinalco-again"),
		     "identifier",
		     "organization 'chinalco-again' has the uscc "
		     "identifier " USCC_OK_1 ", as does organization "
		     "'chinalco'"},
		    {IEDU_FINDING_SAME_IDENTIFIER, id(db, "third"),
		     "identifier",
		     "organization 'third' has the uscc identifier " USCC_OK_1
		     ", as does organization 'chinalco'"},
		};
		expect_findings(db, want, 2);
	}
	iedu_db_free(db);
}

static void test_uscc_check(void **state)
{
	iedu_batch *b;
	iedu_db *db = new_db(&b);

	(void)state;
	org(b, "good", "enterprise");
	identifier(b, "uscc", USCC_OK_1);
	build_end(b);
	org(b, "bad", "enterprise");
	identifier(b, "uscc", USCC_BAD);
	build_end(b);
	/* not checked under another scheme */
	org(b, "other-scheme", "enterprise");
	identifier(b, "ror", USCC_BAD);
	build_end(b);
	commit(b);
	{
		const expected want[] = {
		    {IEDU_FINDING_USCC_CHECK, id(db, "bad"), "identifier",
		     "organization 'bad': uscc " USCC_BAD " ends in 'X'; "
		     "its check character per GB 32100-2015 is 'T'"},
		};
		expect_findings(db, want, 1);
	}
	iedu_db_free(db);
}

/* ---- ordering ---- */

/* Added in an order unlike the result's: by record, then by code. */
static void test_order(void **state)
{
	iedu_batch *b;
	iedu_db *db = new_db(&b);

	(void)state;
	build_record(b, IEDU_KIND_STATISTIC, "id", "st", "indicator",
		     "member-units", "subject", "y", "value", "157", NULL);
	part(b, "enterprise", "100");
	build_end(b);
	event(b, "ev", "2024-07-09");
	cite(b, "src");
	build_end(b);
	org(b, "y", "community");
	identifier(b, "uscc", USCC_BAD);
	build_end(b);
	source(b, "src", "2024-07-05");
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "x", "type", "enterprise",
		     "founded", "2020", "dissolved", "2019", NULL);
	build_name_zh(b, "x");
	identifier(b, "uscc", USCC_BAD);
	build_end(b);
	build_record(b, IEDU_KIND_EVENT, "id", "ev0", "type", "meeting", "date",
		     "2024-07-09", "until", "2024-07-08", NULL);
	cite(b, "src");
	build_end(b);
	commit(b);
	{
		const expected want[] = {
		    {IEDU_FINDING_USCC_CHECK, id(db, "y"), "identifier",
		     "organization 'y': uscc " USCC_BAD " ends in 'X'; its "
		     "check character per GB 32100-2015 is 'T'"},
		    {IEDU_FINDING_DATE_ORDER, id(db, "x"), "dissolved",
		     "organization 'x': dissolved 2019 is before founded "
		     "2020"},
		    {IEDU_FINDING_SAME_IDENTIFIER, id(db, "x"), "identifier",
		     "organization 'x' has the uscc identifier " USCC_BAD
		     ", as does organization 'y'"},
		    {IEDU_FINDING_USCC_CHECK, id(db, "x"), "identifier",
		     "organization 'x': uscc " USCC_BAD " ends in 'X'; its "
		     "check character per GB 32100-2015 is 'T'"},
		    {IEDU_FINDING_EVENT_AFTER_SOURCE, id(db, "ev"), "date",
		     "event 'ev' is dated 2024-07-09, but source 'src', "
		     "which reports it, was published on 2024-07-05"},
		    {IEDU_FINDING_DATE_ORDER, id(db, "ev0"), "until",
		     "event 'ev0': until 2024-07-08 is before date "
		     "2024-07-09"},
		    {IEDU_FINDING_EVENT_AFTER_SOURCE, id(db, "ev0"), "date",
		     "event 'ev0' is dated 2024-07-09, but source 'src', "
		     "which reports it, was published on 2024-07-05"},
		    {IEDU_FINDING_MEMBER_COUNT, id(db, "st"), "value",
		     "statistic 'st' states 157 member units of "
		     "organization 'y'; 0 members are recorded"},
		    {IEDU_FINDING_PARTS_SHORT, id(db, "st"), "part",
		     "statistic 'st': its only part is 100, less than the "
		     "exact total 157"},
		};
		expect_findings(db, want, 9);
	}
	iedu_db_free(db);
}

/* A consistent dataset has no findings. */
static void test_consistent(void **state)
{
	iedu_batch *b;
	iedu_db *db = new_db(&b);

	(void)state;
	source(b, "src", "2024-07-05");
	org(b, "nf-community", "community");
	build_end(b);
	org(b, "chinalco", "enterprise");
	identifier(b, "uscc", USCC_OK_1);
	build_end(b);
	org(b, "swa", "enterprise");
	identifier(b, "uscc", USCC_OK_2);
	build_end(b);
	membership(b, "chinalco", "nf-community", "lead chair");
	build_end(b);
	membership(b, "swa", "nf-community", "vice-chair");
	build_end(b);
	build_record(b, IEDU_KIND_RELATION, "from", "swa", "to", "chinalco",
		     "type", "part-of", "since", "2007", NULL);
	build_end(b);
	event(b, "ev", "2024-07-02");
	cite(b, "src");
	build_end(b);
	build_record(b, IEDU_KIND_STATISTIC, "id", "st", "indicator",
		     "member-units", "subject", "nf-community", "value", "2",
		     NULL);
	part(b, "enterprise", "2");
	build_end(b);
	commit(b);
	expect_none(db);
	iedu_db_free(db);
}

/* ---- the API itself ---- */

static void test_empty_database(void **state)
{
	iedu_db *db;
	iedu_findings *f = NULL;

	(void)state;
	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	assert_int_equal(iedu_db_check(&f, db), IEDU_OK);
	assert_non_null(f);
	assert_int_equal(iedu_findings_count(f), 0);
	assert_int_equal(iedu_findings_code(f, 0), IEDU_FINDING_NONE);
	assert_int_equal(iedu_findings_record(f, 0), IEDU_NONE);
	assert_null(iedu_findings_field(f, 0));
	assert_null(iedu_findings_message(f, 0));
	iedu_findings_free(f);
	iedu_db_free(db);
}

static void test_arguments(void **state)
{
	iedu_db *db;
	iedu_findings *f = (iedu_findings *)1;

	(void)state;
	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	assert_int_equal(iedu_db_check(&f, NULL), IEDU_EINVAL);
	assert_null(f);
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_EINVAL);
	assert_string_equal(iedu_error_message(iedu_error_last()),
			    "iedu_db_check: db is NULL");
	assert_int_equal(iedu_db_check(NULL, db), IEDU_EINVAL);
	assert_string_equal(iedu_error_message(iedu_error_last()),
			    "iedu_db_check: out is NULL");
	iedu_db_free(db);

	/* accessors of no list */
	assert_int_equal(iedu_findings_count(NULL), 0);
	assert_int_equal(iedu_findings_code(NULL, 0), IEDU_FINDING_NONE);
	assert_int_equal(iedu_findings_record(NULL, 0), IEDU_NONE);
	assert_null(iedu_findings_field(NULL, 0));
	assert_null(iedu_findings_message(NULL, 0));
	iedu_findings_free(NULL);
}

static void test_finding_names(void **state)
{
	(void)state;
	assert_string_equal(iedu_finding_name(IEDU_FINDING_MEMBER_COUNT),
			    "member-count");
	assert_string_equal(iedu_finding_name(IEDU_FINDING_PARTS_SHORT),
			    "parts-short");
	assert_string_equal(iedu_finding_name(IEDU_FINDING_DATE_ORDER),
			    "date-order");
	assert_string_equal(iedu_finding_name(IEDU_FINDING_EVENT_AFTER_SOURCE),
			    "event-after-source");
	assert_string_equal(iedu_finding_name(IEDU_FINDING_SAME_IDENTIFIER),
			    "same-identifier");
	assert_string_equal(iedu_finding_name(IEDU_FINDING_USCC_CHECK),
			    "uscc-check");
	assert_string_equal(iedu_finding_name(IEDU_FINDING_SAME_NAME),
			    "same-name");
	assert_null(iedu_finding_name(IEDU_FINDING_NONE));
	assert_null(iedu_finding_name((iedu_finding_code)8));
	assert_null(iedu_finding_name((iedu_finding_code)-1));
}

static void alias(iedu_batch *b, const char *lang, const char *text)
{
	build_child(b, IEDU_CHILD_ALIAS, text, "xml:lang", lang, "kind",
		    "short", NULL);
}

static void name_en(iedu_batch *b, const char *text)
{
	build_child(b, IEDU_CHILD_NAME, text, "xml:lang", "en", NULL);
}

/*
 * Names and aliases equal at primary strength: each later organisation is
 * reported once against the first holder, whichever texts they share.
 */
static void test_same_name(void **state)
{
	iedu_batch *b;
	iedu_db *db = new_db(&b);

	(void)state;
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "swa", "type",
		     "enterprise", NULL);
	build_name_zh(b, "西南铝业（集团）有限责任公司");
	name_en(b, "Southwest Aluminum (Group) Co., Ltd.");
	alias(b, "zh", "西南铝");
	build_end(b);
	/* the same body twice: both names equal, one finding */
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "swa-2", "type",
		     "enterprise", NULL);
	build_name_zh(b, "西南铝业（集团）有限责任公司");
	name_en(b, "SOUTHWEST ALUMINUM (GROUP) CO., LTD.");
	build_end(b);
	/* a full-width alias equal to another's name */
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "swa-short", "type",
		     "enterprise", NULL);
	build_name_zh(b, "西南铝加工厂");
	alias(b, "zh", "西南铝");
	alias(b, "en", "ＳＷＡ");
	build_end(b);
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "swa-acronym", "type",
		     "enterprise", NULL);
	name_en(b, "SWA");
	build_end(b);
	/* one organisation with two equal texts is not a finding */
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "lujia", "type", "media",
		     NULL);
	name_en(b, "Lüjia Net");
	alias(b, "en", "Lujia Net");
	build_end(b);
	/* names of other kinds are not compared */
	build_record(b, IEDU_KIND_PERSON, "id", "p", NULL);
	build_name_zh(b, "西南铝");
	build_end(b);
	commit(b);
	{
		const expected want[] = {
		    {IEDU_FINDING_SAME_NAME, id(db, "swa-2"), "name",
		     "organization 'swa-2' has the name "
		     "'SOUTHWEST ALUMINUM (GROUP) CO., LTD.', equal ignoring "
		     "case, width and accents to the name 'Southwest "
		     "Aluminum (Group) Co., Ltd.' of organization 'swa'"},
		    {IEDU_FINDING_SAME_NAME, id(db, "swa-short"), "alias",
		     "organization 'swa-short' has the alias '西南铝', as "
		     "does organization 'swa' (its alias)"},
		    {IEDU_FINDING_SAME_NAME, id(db, "swa-acronym"), "name",
		     "organization 'swa-acronym' has the name 'SWA', equal "
		     "ignoring case, width and accents to the alias 'ＳＷＡ' "
		     "of organization 'swa-short'"},
		};
		expect_findings(db, want, 3);
	}
	iedu_db_free(db);
}

/* Checking twice gives the same list; the database is not changed. */
static void test_repeatable(void **state)
{
	iedu_batch *b;
	iedu_db *db = new_db(&b);
	iedu_findings *f1, *f2;
	size_t i;

	(void)state;
	org(b, "bad", "enterprise");
	identifier(b, "uscc", USCC_BAD);
	build_end(b);
	org(b, "bad-too", "enterprise");
	identifier(b, "uscc", USCC_BAD);
	build_end(b);
	commit(b);
	assert_int_equal(iedu_db_check(&f1, db), IEDU_OK);
	assert_int_equal(iedu_db_check(&f2, db), IEDU_OK);
	assert_int_equal(iedu_findings_count(f1), 3);
	assert_int_equal(iedu_findings_count(f2), 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(iedu_findings_code(f1, i),
				 iedu_findings_code(f2, i));
		assert_string_equal(iedu_findings_message(f1, i),
				    iedu_findings_message(f2, i));
	}
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 2);
	iedu_findings_free(f1);
	iedu_findings_free(f2);
	iedu_db_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_member_count_exact),
	    cmocka_unit_test(test_member_count_singular),
	    cmocka_unit_test(test_member_count_qualifiers),
	    cmocka_unit_test(test_member_count_not_applicable),
	    cmocka_unit_test(test_parts_short),
	    cmocka_unit_test(test_date_order),
	    cmocka_unit_test(test_event_after_source),
	    cmocka_unit_test(test_uscc_codes_used),
	    cmocka_unit_test(test_same_identifier),
	    cmocka_unit_test(test_uscc_check),
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_consistent),
	    cmocka_unit_test(test_empty_database),
	    cmocka_unit_test(test_arguments),
	    cmocka_unit_test(test_finding_names),
	    cmocka_unit_test(test_same_name),
	    cmocka_unit_test(test_repeatable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
