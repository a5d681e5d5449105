/*
 * The bundled dataset (examples/data/reports.xml) states what the five
 * source reports state: counts of records, the nonferrous community's
 * lead, chair and vice-chair units, its 157 members and their breakdown,
 * the agreements signed at its founding and their parties, the quality
 * steel community's lead units, the national figures and the Shanghai
 * meeting; and it has exactly the consistency findings the README lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <iedu.h>

#define DATASET IEDU_TEST_DATA_DIR "/../../examples/data/reports.xml"

static iedu_db *db;

static int setup(void **state)
{
	(void)state;
	if (iedu_db_new(&db) != IEDU_OK ||
	    iedu_xml_import_file(db, DATASET) != IEDU_OK) {
		fprintf(stderr, "%s\n", iedu_error_message(iedu_error_last()));
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	iedu_db_free(db);
	return 0;
}

static iedu_handle rec(const char *id)
{
	iedu_handle h = IEDU_NONE;

	if (iedu_db_lookup(&h, db, id) != IEDU_OK)
		fail_msg("no record '%s' in the dataset", id);
	return h;
}

/* The ids of the records a query gives, space-separated. */
static const char *query_ids(char *buf, size_t size, iedu_query q,
			     const char *target, iedu_attr via)
{
	iedu_handle hs[64];
	size_t n = 0, i, o = 0;

	assert_int_equal(iedu_db_query(&n, hs, 64, db, q, rec(target)),
			 IEDU_OK);
	buf[0] = '\0';
	for (i = 0; i < n && i < 64; i++) {
		iedu_handle h = via ? iedu_record_ref(db, hs[i], via) : hs[i];
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? " " : "",
				      iedu_record_id(db, h));
	}
	return buf;
}

static void test_counts(void **state)
{
	static const uint32_t want[IEDU_KIND_COUNT + 1] = {
	    116, 8, 43, 13, 10, 13, 6, 1, 6, 5, 11};
	int k;

	(void)state;
	for (k = 0; k <= IEDU_KIND_COUNT; k++)
		assert_int_equal(iedu_db_count(db, (iedu_kind)k), want[k]);
}

static void test_nonferrous_units(void **state)
{
	static const struct {
		const char *id;
		uint32_t roles;
	} units[] = {
	    {"chinalco", IEDU_ROLE_LEAD | IEDU_ROLE_CHAIR},
	    {"csu", IEDU_ROLE_LEAD | IEDU_ROLE_VICE_CHAIR},
	    {"lzre", IEDU_ROLE_LEAD | IEDU_ROLE_VICE_CHAIR},
	    {"nf-talent-centre", IEDU_ROLE_VICE_CHAIR},
	    {"cnmc-shares", IEDU_ROLE_VICE_CHAIR},
	    {"bgrimm", IEDU_ROLE_VICE_CHAIR},
	    {"nwinm", IEDU_ROLE_VICE_CHAIR},
	};
	iedu_handle ms[16];
	size_t n = 0, i;
	iedu_handle body = rec("nf-community");

	(void)state;
	assert_string_equal(iedu_record_text(db, body, IEDU_CHILD_NAME, "zh"),
			    "国家有色金属行业产教融合共同体");
	assert_string_equal(iedu_record_attr(db, body, IEDU_ATTR_FOUNDED),
			    "2024-07-02");
	assert_int_equal(
	    iedu_db_query(&n, ms, 16, db, IEDU_QUERY_MEMBERS_OF_BODY, body),
	    IEDU_OK);
	assert_int_equal(n, 7);
	for (i = 0; i < n; i++) {
		assert_string_equal(
		    iedu_record_id(
			db, iedu_record_ref(db, ms[i], IEDU_ATTR_MEMBER)),
		    units[i].id);
		assert_int_equal(iedu_record_roles(db, ms[i]), units[i].roles);
	}
}

static void test_nonferrous_members_statistic(void **state)
{
	static const char *const keys[] = {
	    "enterprise", "university", "vocational-school",
	    "research-institute", "talent-institution"};
	static const char *const values[] = {"88", "19", "33", "16", "1"};
	iedu_handle st = rec("st-nf-members");
	uint32_t i;

	(void)state;
	assert_int_equal(iedu_record_ref(db, st, IEDU_ATTR_SUBJECT),
			 rec("nf-community"));
	assert_string_equal(iedu_record_attr(db, st, IEDU_ATTR_VALUE), "157");
	assert_string_equal(iedu_record_attr(db, st, IEDU_ATTR_QUALIFIER),
			    "exact");
	assert_int_equal(iedu_record_child_count(db, st, IEDU_CHILD_PART), 5);
	for (i = 0; i < 5; i++) {
		assert_string_equal(iedu_record_child_attr(db, st,
							   IEDU_CHILD_PART, i,
							   IEDU_ATTR_KEY),
				    keys[i]);
		assert_string_equal(iedu_record_child_attr(db, st,
							   IEDU_CHILD_PART, i,
							   IEDU_ATTR_VALUE),
				    values[i]);
	}
}

static void test_founding_conference(void **state)
{
	iedu_handle ev = rec("ev-nf-founding");
	char buf[512];

	(void)state;
	assert_string_equal(iedu_record_attr(db, ev, IEDU_ATTR_DATE),
			    "2024-07-02");
	assert_string_equal(iedu_record_attr(db, ev, IEDU_ATTR_HOSTS),
			    "chinalco");
	assert_string_equal(iedu_record_child_attr(db, ev,
						   IEDU_CHILD_ATTENDANCE, 0,
						   IEDU_ATTR_VALUE),
			    "260");
	assert_string_equal(iedu_record_child_attr(db, ev,
						   IEDU_CHILD_ATTENDANCE, 0,
						   IEDU_ATTR_QUALIFIER),
			    "more-than");
	assert_string_equal(query_ids(buf, sizeof buf,
				      IEDU_QUERY_AGREEMENTS_AT_EVENT,
				      "ev-nf-founding", IEDU_ATTR_NONE),
			    "ag-nf-overseas ag-nf-rd-zz-sjtu "
			    "ag-nf-rd-copper-csu ag-nf-rd-hi-cqu "
			    "ag-zhitongche");
}

static void test_agreement_parties(void **state)
{
	static const struct {
		const char *id, *type, *parties;
	} ags[] = {
	    {"ag-nf-overseas", "overseas-schooling",
	     "chalco sd-edu nf-talent-centre"},
	    {"ag-nf-rd-zz-sjtu", "research", "zz-institute sjtu"},
	    {"ag-nf-rd-copper-csu", "research", "chinalco-copper csu"},
	    {"ag-nf-rd-hi-cqu", "research", "chinalco-hi cqu-materials"},
	    {"ag-zhitongche", "framework", "chinalco lzre nf-talent-centre"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ags / sizeof ags[0]; i++) {
		iedu_handle a = rec(ags[i].id);
		char buf[256];
		uint32_t p,
		    np = iedu_record_child_count(db, a, IEDU_CHILD_PARTY);
		size_t o = 0;
		buf[0] = '\0';
		for (p = 0; p < np; p++)
			o += (size_t)snprintf(
			    buf + o, sizeof buf - o, "%s%s", p ? " " : "",
			    iedu_record_child_attr(db, a, IEDU_CHILD_PARTY, p,
						   IEDU_ATTR_ORG));
		assert_string_equal(buf, ags[i].parties);
		assert_string_equal(iedu_record_attr(db, a, IEDU_ATTR_TYPE),
				    ags[i].type);
		assert_string_equal(iedu_record_attr(db, a, IEDU_ATTR_SIGNED),
				    "2024-07-02");
	}
	assert_string_equal(
	    iedu_record_text(db, rec("ag-zhitongche"), IEDU_CHILD_TITLE, "zh"),
	    "“中铝直通车”项目共建框架协议");
}

static void test_part_of(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(query_ids(buf, sizeof buf, IEDU_QUERY_RELATIONS_TO,
				      "chinalco", IEDU_ATTR_FROM),
			    "swa zz-institute chinalco-hi");
	assert_string_equal(query_ids(buf, sizeof buf, IEDU_QUERY_RELATIONS_TO,
				      "cqu", IEDU_ATTR_FROM),
			    "cqu-materials");
}

static void test_quality_steel(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(query_ids(buf, sizeof buf,
				      IEDU_QUERY_MEMBERS_OF_BODY,
				      "qs-community", IEDU_ATTR_MEMBER),
			    "shagang ustb laiwu-college");
	assert_string_equal(
	    iedu_record_attr(db, rec("ev-qs-conference"), IEDU_ATTR_DATE),
	    "2024-05-22");
}

static void test_national_figures(void **state)
{
	static const struct {
		const char *id, *value, *qualifier, *unit;
	} figs[] = {
	    {"st-cn-majors", "1400", "more-than", "major"},
	    {"st-cn-programme-points", "120000", "more-than",
	     "programme-point"},
	    {"st-cn-new-workers", "70", "more-than", "percent"},
	    {"st-cn-provincial-systems", "8", "exact", "system"},
	    {"st-cn-national-communities", "2", "exact", "community"},
	    {"st-cn-national-consortiums", "28", "exact", "consortium"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof figs / sizeof figs[0]; i++) {
		iedu_handle h = rec(figs[i].id);
		assert_string_equal(iedu_record_attr(db, h, IEDU_ATTR_SCOPE),
				    "CN");
		assert_string_equal(iedu_record_attr(db, h, IEDU_ATTR_VALUE),
				    figs[i].value);
		assert_string_equal(
		    iedu_record_attr(db, h, IEDU_ATTR_QUALIFIER),
		    figs[i].qualifier);
		assert_string_equal(iedu_record_attr(db, h, IEDU_ATTR_UNIT),
				    figs[i].unit);
	}
	assert_string_equal(
	    iedu_record_attr(db, rec("src-policy-2022-12"), IEDU_ATTR_TYPE),
	    "policy");
	assert_string_equal(
	    iedu_record_attr(db, rec("st-interview-episodes"), IEDU_ATTR_VALUE),
	    "6");
}

static void test_shanghai_meeting(void **state)
{
	iedu_handle ev = rec("ev-sh-promotion");

	(void)state;
	assert_string_equal(iedu_record_attr(db, ev, IEDU_ATTR_DATE),
			    "2021-01-16");
	assert_string_equal(iedu_record_child_attr(db, ev,
						   IEDU_CHILD_ATTENDANCE, 0,
						   IEDU_ATTR_MODE),
			    "onsite");
	assert_string_equal(iedu_record_child_attr(db, ev,
						   IEDU_CHILD_ATTENDANCE, 0,
						   IEDU_ATTR_VALUE),
			    "93");
	assert_string_equal(
	    iedu_record_attr(db, rec("st-sh-colleges"), IEDU_ATTR_VALUE), "59");
	assert_string_equal(
	    iedu_record_attr(db, rec("st-sh-enterprises"), IEDU_ATTR_VALUE),
	    "8");
	assert_string_equal(iedu_record_attr(db, rec("sh-gov"), IEDU_ATTR_TYPE),
			    "government");
}

/* Every record of a kind that carries cites cites at least one source. */
static void test_every_record_cites(void **state)
{
	int k;

	(void)state;
	for (k = IEDU_KIND_ORGANIZATION; k <= IEDU_KIND_COUNT; k++) {
		uint32_t i, n = iedu_db_count(db, (iedu_kind)k);
		for (i = 0; i < n; i++) {
			iedu_handle h = iedu_db_record_at(db, (iedu_kind)k, i);
			if (iedu_record_child_count(db, h, IEDU_CHILD_CITE) ==
			    0)
				fail_msg("%s #%u cites no source",
					 iedu_kind_name((iedu_kind)k),
					 (unsigned)i + 1);
		}
	}
}

/* The findings the README lists as expected, and no others. */
static void test_expected_findings(void **state)
{
	iedu_findings *f = NULL;

	(void)state;
	assert_int_equal(iedu_db_check(&f, db), IEDU_OK);
	assert_int_equal(iedu_findings_count(f), 2);
	/* in record order: the event (a broadcast announced the day before
	 * it aired), then the statistic (157 stated, the 7 named recorded) */
	assert_int_equal(iedu_findings_code(f, 0),
			 IEDU_FINDING_EVENT_AFTER_SOURCE);
	assert_int_equal(iedu_findings_record(f, 0),
			 rec("ev-interview-series"));
	assert_int_equal(iedu_findings_code(f, 1), IEDU_FINDING_MEMBER_COUNT);
	assert_string_equal(iedu_findings_message(f, 1),
			    "statistic 'st-nf-members' states 157 member units "
			    "of organization 'nf-community'; 7 members are "
			    "recorded");
	iedu_findings_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_nonferrous_units),
	    cmocka_unit_test(test_nonferrous_members_statistic),
	    cmocka_unit_test(test_founding_conference),
	    cmocka_unit_test(test_agreement_parties),
	    cmocka_unit_test(test_part_of),
	    cmocka_unit_test(test_quality_steel),
	    cmocka_unit_test(test_national_figures),
	    cmocka_unit_test(test_shanghai_meeting),
	    cmocka_unit_test(test_every_record_cites),
	    cmocka_unit_test(test_expected_findings),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
