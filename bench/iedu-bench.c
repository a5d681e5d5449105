/*
 * iedu-bench - measures libiedu against the bare libraries it is built on
 * and against the Python a user would otherwise write, in one run on one
 * generated document (issue 7).
 *
 *	iedu-bench [-n ORGS] [-s SEED] [-f FILE] [-o RESULTS] [-r RUNS]
 *		   [-q QUERIES] [-g GENERATOR] [-p PEER] [-P PYTHON]
 *
 * Without -f it runs the generator (iedu-gen -n ORGS -s SEED) into a file
 * next to RESULTS. It prints the machine, the method and a table, and
 * writes RESULTS (default: results.tsv in the build's bench directory) as
 * tab-separated metric, value, unit. A figure that takes less than a second
 * is the median of RUNS runs (default 5, at most 7); a longer one is a
 * single run. The bare parse and the imports run in alternating rounds:
 * RUNS of them when all are short, else 3 whatever RUNS says; so do the
 * exports, the other figures divided by the bare parse. An empty PEER
 * (-p '') skips the Python peer, whose two figures are then nan. The method
 * of every figure is printed with the table and written up in
 * docs/performance.md.
 */
#define _GNU_SOURCE /* fopencookie: a counting sink for the export */

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>
#include <unicode/uvernum.h>

#include <iedu.h>

#define CHUNK	       (64 * 1024)
#define MB	       1e6
#define LIMIT	       20  /* results per find, as an interactive search asks */
#define LONG	       1.0 /* seconds: a figure at least this long is run once */
/* runs of a long figure that is a side of import_ratio: bare parse, imports */
#define SIDE_RUNS 3
/* At most this many rounds of the import_ratio sides (-r above it). */
#define ROUNDS_MAX 64
#define QUERY_BUDGET   20.0 /* seconds per kind of query at most */
#define PYTHON_SKIPPED 77

#ifndef IEDU_BENCH_GEN
#define IEDU_BENCH_GEN ""
#endif
#ifndef IEDU_BENCH_PEER
#define IEDU_BENCH_PEER ""
#endif
#ifndef IEDU_BENCH_RESULTS
#define IEDU_BENCH_RESULTS "results.tsv"
#endif

/* ---- options and helpers ---- */

typedef struct options {
	unsigned long orgs;
	unsigned long seed;
	const char *file;
	const char *results;
	const char *gen;
	const char *peer;
	const char *python;
	int runs;
	int queries;
} options;

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "iedu-bench: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

static void die_iedu(const char *what, int rc)
{
	fprintf(stderr, "iedu-bench: %s: %s: %s\n", what, iedu_strerror(rc),
		iedu_error_message(iedu_error_last()));
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory (%s)", "malloc");
	return p;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * CPU time of the process: on a shared machine the gap between it and the
 * wall time is the time spent waiting for a core.
 */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of the calling thread: a query's own work, without the time
 * another process held the core (a preemption is a few ms, which is all
 * of a p99 on a busy machine). */
static double thread_cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The CPU time of the last run of a timed phase, printed beside its wall time.
 */
static double phase_cpu;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The q-quantile of n samples (sorts them): the nearest-rank method. */
static double quantile(double *v, size_t n, double q)
{
	size_t k;

	qsort(v, n, sizeof *v, cmp_double);
	k = (size_t)ceil(q * (double)n);
	return v[k ? k - 1 : 0];
}

/* splitmix64: the query and lookup samples are the same for a seed. */
static uint64_t next64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((next64(s) >> 32) * (uint64_t)n) >> 32);
}

/*
 * Runs fn once, then again until there are runs samples when that took
 * less than LONG seconds, else until there are long_runs; returns their
 * median.
 */
static double timed_runs(double (*fn)(void *), void *ctx, int runs,
			 int long_runs)
{
	double t[64];
	int i, n;

	t[0] = fn(ctx);
	n = t[0] < LONG ? runs : long_runs;
	n = n < 1 ? 1 : n > 64 ? 64 : n;
	for (i = 1; i < n; i++)
		t[i] = fn(ctx);
	return quantile(t, (size_t)n, 0.5);
}

/* A short figure: the median of runs runs; a long one: a single run. */
static double timed(double (*fn)(void *), void *ctx, int runs)
{
	return timed_runs(fn, ctx, runs, 1);
}

/*
 * The median of runs runs whatever their length: for the two sides of a
 * ratio near 1 (the bare sort and the uncached listing), which must be
 * timed alike; with timed() a side that took just over LONG once, on a
 * busy machine, would be one cold run against the other's median.
 */
static double median_of(double (*fn)(void *), void *ctx, int runs)
{
	return timed_runs(fn, ctx, runs, runs);
}

/*
 * The median of runs runs when fn is short, else of SIDE_RUNS: for the
 * export, whose ratio divides by the bare parse's median of SIDE_RUNS
 * rounds; a single run of a few seconds on a shared machine varies by
 * half (2.99-4.51 s for the same export of 1,000,000 organisations).
 */
static double side_timed(double (*fn)(void *), void *ctx, int runs)
{
	return timed_runs(fn, ctx, runs, SIDE_RUNS);
}

/* A field of a /proc file of "Name: value kB" lines ("VmHWM:"), in
 * bytes; 0 if none or the file cannot be read. */
static uint64_t proc_field(const char *path, const char *field)
{
	char line[256];
	uint64_t kb = 0;
	size_t len = strlen(field);
	FILE *fp = fopen(path, "r");

	if (!fp)
		return 0;
	while (fgets(line, sizeof line, fp))
		if (strncmp(line, field, len) == 0) {
			kb = strtoull(line + len, NULL, 10);
			break;
		}
	fclose(fp);
	return kb * 1024;
}

/* A field of /proc/self/status. */
static uint64_t proc_status(const char *field)
{
	return proc_field("/proc/self/status", field);
}

/* MemAvailable of /proc/meminfo. */
static uint64_t mem_available(void)
{
	return proc_field("/proc/meminfo", "MemAvailable:");
}

/* Resets VmHWM to the current RSS (Linux 4.0+); 0 on success. */
static int reset_peak_rss(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, "5", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

/* Runs argv; its standard output goes to out (NULL: inherited). */
static int run(char *const argv[], FILE *out)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		if (out && dup2(fileno(out), STDOUT_FILENO) < 0)
			_exit(126);
		execv(argv[0], argv);
		fprintf(stderr, "iedu-bench: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Reads the whole file once so that every phase finds it in the page cache. */
static uint64_t warm(const char *path)
{
	static char buf[1 << 20];
	uint64_t total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("cannot open %s", path);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		total += (uint64_t)n;
	close(fd);
	return total;
}

/*
 * The share of the file's pages in the page cache, in percent (mincore on
 * a mapping that is never read); -1 when it cannot be told. Since Linux
 * 5.0 mincore tells of a file's cache only to a process that owns the
 * file or may write it, and reports every page present to any other, so
 * such a file counts as untold (and is read again before every pass).
 */
static double resident_pct(const char *path)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *vec;
	size_t pages, i, in = 0;
	struct stat st;
	void *map;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("cannot open %s", path);
	if (fstat(fd, &st) != 0 || st.st_size <= 0 || page <= 0 ||
	    (uintmax_t)st.st_size > SIZE_MAX ||
	    (st.st_uid != geteuid() && access(path, W_OK) != 0)) {
		close(fd);
		return -1;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	pages = (size_t)st.st_size / (size_t)page +
		((size_t)st.st_size % (size_t)page != 0);
	vec = xmalloc(pages);
	if (mincore(map, (size_t)st.st_size, vec) != 0) {
		free(vec);
		munmap(map, (size_t)st.st_size);
		return -1;
	}
	for (i = 0; i < pages; i++)
		in += vec[i] & 1;
	free(vec);
	munmap(map, (size_t)st.st_size);
	return 100.0 * (double)in / (double)pages;
}

/*
 * Before each pass over the file (the bare parses, the imports, the
 * peer). The benchmark machine's kernel reclaims file pages it finds cold
 * (a kdamond thread runs; /proc/vmstat's workingset_refault_file grew by
 * the file's size between two runs); a pass that read part of its file
 * from a slower disk would skew whichever side of a ratio it fell on
 * (on this machine the difference was below its noise: an evicted 1,000,000
 * file parsed in 5.2 and 8.7 s, a cached one in 6.5 and 7.6 s). So each pass
 * first asks how much of the file is cached and reads it again if any is not;
 * the lowest share seen and the number of re-reads are printed with the
 * results.
 */
static double cached_min = 100.0;
static unsigned rereads, cache_checks, cache_unknown;

/* A share for printing, rounded down: 99.97 % is not "100.0 %". */
static double pct_down(double pct)
{
	return floor(pct * 10.0) / 10.0;
}

/* Returns the share found (-1: untold). */
static double ensure_cached(const char *path)
{
	double pct = resident_pct(path);

	cache_checks++;
	if (pct < 0)
		cache_unknown++;
	else if (pct < cached_min)
		cached_min = pct;
	if (pct < 100.0) {
		rereads++;
		(void)warm(path);
	}
	return pct;
}

/* What the checks so far found: the lowest share, or that none could tell. */
static void print_cached(void)
{
	printf("page cache before the %u passes: ", cache_checks);
	if (cache_unknown == cache_checks)
		printf("unknown (mincore could not tell)");
	else
		printf("at least %.1f %% of the file", pct_down(cached_min));
	printf(", read again %u times", rereads);
	if (cache_unknown && cache_unknown < cache_checks)
		printf(" (%u times mincore could not tell)", cache_unknown);
	printf("\n");
}

/* ---- the results ---- */

typedef struct metric {
	const char *name;
	double value;
	const char *unit;
	const char *note;
} metric;

static metric metrics[] = {
    {"sax_bare_mbps", NAN, "MB/s", NULL},
    {"import_mbps", NAN, "MB/s", NULL},
    {"import_ratio", NAN, "ratio", NULL},
    {"import_rss_ratio", NAN, "ratio", NULL},
    {"import_2t_mbps", NAN, "MB/s", NULL},
    {"import_2t_ratio", NAN, "ratio", NULL},
    {"import_2t_cpu_s", NAN, "s", NULL},
    {"fresh_mem_s", NAN, "s", NULL},
    {"import_bound_ratio", NAN, "ratio", NULL},
    {"export_mbps", NAN, "MB/s", NULL},
    {"export_ratio", NAN, "ratio", NULL},
    {"export_2t_mbps", NAN, "MB/s", NULL},
    {"export_2t_ratio", NAN, "ratio", NULL},
    {"export_2t_cpu_s", NAN, "s", NULL},
    {"icu_bare_sort_s", NAN, "s", NULL},
    {"list_sort_ratio", NAN, "ratio", NULL},
    {"list_cached_ratio", NAN, "ratio", NULL},
    {"lookup_id_per_s", NAN, "1/s", NULL},
    {"find_index_build_s", NAN, "s", NULL},
    {"find_prefix_p50_us", NAN, "us", NULL},
    {"find_prefix_p99_us", NAN, "us", NULL},
    {"find_translit_p50_us", NAN, "us", NULL},
    {"find_translit_p99_us", NAN, "us", NULL},
    {"find_prefix_p99_cpu_us", NAN, "us", NULL},
    {"find_translit_p99_cpu_us", NAN, "us", NULL},
    {"python_peer_s", NAN, "s", NULL},
    {"peer_ratio", NAN, "ratio", NULL},
};
#define NMETRICS (sizeof metrics / sizeof metrics[0])

static void set(const char *name, double value, const char *note)
{
	size_t i;

	for (i = 0; i < NMETRICS; i++)
		if (strcmp(metrics[i].name, name) == 0) {
			metrics[i].value = value;
			metrics[i].note = note;
			return;
		}
	die("unknown metric %s", name);
}

static double get(const char *name)
{
	size_t i;

	for (i = 0; i < NMETRICS; i++)
		if (strcmp(metrics[i].name, name) == 0)
			return metrics[i].value;
	return NAN;
}

static void write_results(const char *path)
{
	FILE *fp = fopen(path, "w");
	size_t i;

	if (!fp)
		die("cannot write %s", path);
	fprintf(fp, "metric\tvalue\tunit\n");
	for (i = 0; i < NMETRICS; i++) {
		if (isnan(metrics[i].value))
			fprintf(fp, "%s\tnan\t%s\n", metrics[i].name,
				metrics[i].unit);
		else
			fprintf(fp, "%s\t%.6g\t%s\n", metrics[i].name,
				metrics[i].value, metrics[i].unit);
	}
	if (fclose(fp) != 0)
		die("cannot write %s", path);
}

static void print_table(void)
{
	size_t i;

	printf("\n%-22s %14s  %-6s %s\n", "metric", "value", "unit", "");
	for (i = 0; i < NMETRICS; i++) {
		const metric *m = &metrics[i];

		if (isnan(m->value))
			printf("%-22s %14s  %-6s %s\n", m->name, "nan", m->unit,
			       m->note ? m->note : "");
		else
			printf("%-22s %14.4g  %-6s %s\n", m->name, m->value,
			       m->unit, m->note ? m->note : "");
	}
}

/* ---- the machine ---- */

static void print_machine(void)
{
	char line[512], cpu[256] = "unknown";
	double load[3] = {0, 0, 0};
	uint64_t mem = 0;
	FILE *fp;

	if ((fp = fopen("/proc/cpuinfo", "r"))) {
		while (fgets(line, sizeof line, fp))
			if (strncmp(line, "model name", 10) == 0) {
				char *v = strchr(line, ':');

				if (v) {
					snprintf(cpu, sizeof cpu, "%s", v + 2);
					cpu[strcspn(cpu, "\n")] = '\0';
				}
				break;
			}
		fclose(fp);
	}
	if ((fp = fopen("/proc/meminfo", "r"))) {
		while (fgets(line, sizeof line, fp))
			if (strncmp(line, "MemTotal:", 9) == 0) {
				mem = strtoull(line + 9, NULL, 10) * 1024;
				break;
			}
		fclose(fp);
	}
	getloadavg(load, 3);
	printf("machine: %ld cores online (nproc), CPU %s, %.1f GiB memory, "
	       "load average %.2f at start\n",
	       sysconf(_SC_NPROCESSORS_ONLN), cpu,
	       (double)mem / (1024.0 * 1024 * 1024), load[0]);
	printf("libiedu %s, libxml2 %s, ICU %s\n", iedu_version_string(),
	       LIBXML_DOTTED_VERSION, U_ICU_VERSION);
}

static void print_method(const options *o)
{
	printf(
	    "\nmethod (MB = 10^6 bytes; one thread but the _2t figures; the "
	    "file is read before timing, and again before a pass over it "
	    "if mincore finds any of it out of the page cache or cannot "
	    "tell):\n"
	    "  a figure under %.0f s is the median of %d runs, a longer "
	    "one a single run; the bare parse and the imports (the sides "
	    "of import_ratio) are timed in alternating rounds (bare, "
	    "import, import_2t), each the median of its rounds (%d, "
	    "whatever -r says, when they are longer); the bare sort and "
	    "the uncached listing are always the median of %d runs, the "
	    "exports the median of %d when they are longer\n"
	    "  sax_bare: libxml2 SAX2 push parser, read(2) in 64 KiB "
	    "chunks, no-op callbacks, XML_PARSE_NONET\n"
	    "  import: iedu_xml_import_file into a new database (parse, "
	    "validate, commit, index references)\n"
	    "  import_2t: the same with iedu_db_set_import_threads(db, 2): "
	    "libxml2 parses in a second thread (wall time; _cpu_s: both "
	    "threads' CPU time)\n"
	    "  import_rss_ratio: (VmHWM after - VmRSS before) / file size, "
	    "VmHWM reset through /proc/self/clear_refs before the import\n"
	    "  fresh_mem: a new mapping of the import's RSS peak, "
	    "populated 512 KiB at a time (MADV_POPULATE_WRITE, as the "
	    "library maps its arrays), one byte written per page\n"
	    "  import_bound_ratio: sax_bare / (sax_bare + fresh_mem), the "
	    "import_ratio of an importer that kept as much memory and did "
	    "nothing but parse\n"
	    "  export: iedu_xml_export_stream into a counting sink (no disk); "
	    "MB/s of the canonical output\n"
	    "  export_2t: the same with iedu_db_set_export_threads(db, 2): "
	    "a second thread writes every other share of 1,024 records "
	    "(wall time; _cpu_s: both threads' CPU time)\n"
	    "  icu_bare_sort: u_strFromUTF8 + ucol_getSortKey (\"zh\") of "
	    "every organisation's Chinese name, qsort of the keys; like "
	    "the listing, it allocates the keys' memory in the run\n"
	    "  list_sort: iedu_db_sorted(organization, zh, zh collator), "
	    "first listing (the cache empty), over equivalent zh locales\n"
	    "  list_cached: the same listing repeated (the cached order)\n"
	    "  lookup: iedu_db_lookup of up to 10^6 random existing ids of "
	    "any kind\n"
	    "  find: %d queries of each kind, limit %d, any kind, after the "
	    "index is built by a first find\n"
	    "    prefix: the first 2-4 Han characters of a random "
	    "organisation's Chinese name\n"
	    "    translit: its first 2-4 pinyin syllables, no tones, no "
	    "spaces (\"zhongnan\")\n"
	    "    _p99_cpu: the same percentile of the thread's CPU time "
	    "per query (no time spent waiting for a core)\n"
	    "  python_peer: %s bench/peer.py (lxml iterparse keeping every "
	    "record, PyICU zh sort keys), wall time\n"
	    "  peer_ratio: python_peer_s / (import + first listing)\n",
	    LONG, o->runs, SIDE_RUNS, o->runs, SIDE_RUNS, o->queries, LIMIT,
	    o->python);
}

/* ---- bare libxml2 ---- */

static void noop_start(void *ctx, const xmlChar *localname,
		       const xmlChar *prefix, const xmlChar *uri,
		       int nb_namespaces, const xmlChar **namespaces,
		       int nb_attributes, int nb_defaulted,
		       const xmlChar **attributes)
{
	(void)ctx, (void)localname, (void)prefix, (void)uri;
	(void)nb_namespaces, (void)namespaces, (void)nb_attributes;
	(void)nb_defaulted, (void)attributes;
}

static void noop_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		     const xmlChar *uri)
{
	(void)ctx, (void)localname, (void)prefix, (void)uri;
}

static void noop_text(void *ctx, const xmlChar *ch, int len)
{
	(void)ctx, (void)ch, (void)len;
}

static double sax_bare(void *ctx)
{
	static char buf[CHUNK];
	const char *path = ctx;
	xmlSAXHandler sax;
	xmlParserCtxtPtr p;
	double t0 = now(), c0 = cpu_now();
	ssize_t n;
	int fd, ok;

	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = noop_start;
	sax.endElementNs = noop_end;
	sax.characters = noop_text;
	sax.cdataBlock = noop_text;
	if ((fd = open(path, O_RDONLY)) < 0)
		die("cannot open %s", path);
	n = read(fd, buf, 4);
	p = xmlCreatePushParserCtxt(&sax, NULL, buf, n > 0 ? (int)n : 0, path);
	if (!p)
		die("cannot create a parser for %s", path);
	xmlCtxtUseOptions(p, XML_PARSE_NONET);
	while ((n = read(fd, buf, CHUNK)) > 0)
		xmlParseChunk(p, buf, (int)n, 0);
	xmlParseChunk(p, NULL, 0, 1);
	ok = p->wellFormed;
	close(fd);
	if (p->myDoc)
		xmlFreeDoc(p->myDoc);
	xmlFreeParserCtxt(p);
	if (!ok)
		die("%s is not well-formed", path);
	phase_cpu = cpu_now() - c0;
	return now() - t0;
}

/* ---- import ---- */

static unsigned import_threads = 1;

static double import_once(void *ctx)
{
	const char *path = ctx;
	iedu_db *db;
	double t0, c0;
	int rc;

	if ((rc = iedu_db_new(&db)) != 0)
		die_iedu("iedu_db_new", rc);
	if ((rc = iedu_db_set_import_threads(db, import_threads)) != 0)
		die_iedu("iedu_db_set_import_threads", rc);
	c0 = cpu_now();
	t0 = now();
	if ((rc = iedu_xml_import_file(db, path)) != 0)
		die_iedu("import", rc);
	t0 = now() - t0;
	phase_cpu = cpu_now() - c0;
	iedu_db_free(db);
	return t0;
}

/* ---- fresh memory ---- */

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif
#define FRESH_STEP (512 * 1024) /* as IEDU_AHEAD, src/alloc.h */

/* What fresh_once maps, and errno if it could not (then 0). */
typedef struct fresh_ctx {
	size_t bytes;
	int failed;
} fresh_ctx;

/*
 * What the memory an import keeps costs before anything is stored in
 * it: a new mapping of ((fresh_ctx *)ctx)->bytes, asked of the kernel
 * FRESH_STEP bytes at a time with MADV_POPULATE_WRITE (as the library
 * maps the arrays it fills; where the kernel refuses, the writes fault
 * instead) and one byte written in each page. Unmapping is not timed.
 * When the mapping fails, sets failed and returns 0.
 */
static double fresh_once(void *ctx)
{
	fresh_ctx *f = ctx;
	size_t n = f->bytes, page = (size_t)sysconf(_SC_PAGESIZE), i;
	volatile unsigned char *p; /* every store made */
	double t0, c0;
	void *m;

	m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (m == MAP_FAILED) {
		f->failed = errno;
		return 0;
	}
	p = m;
	c0 = cpu_now();
	t0 = now();
	for (i = 0; i < n; i += page) {
		if (i % FRESH_STEP == 0)
			(void)madvise((char *)m + i,
				      n - i < FRESH_STEP ? n - i : FRESH_STEP,
				      MADV_POPULATE_WRITE);
		p[i] = 1;
	}
	t0 = now() - t0;
	phase_cpu = cpu_now() - c0;
	munmap(m, n);
	return t0;
}

/* ---- export ---- */

static ssize_t sink_write(void *cookie, const char *buf, size_t size)
{
	(void)buf;
	*(uint64_t *)cookie += size;
	return (ssize_t)size;
}

typedef struct export_ctx {
	const iedu_db *db;
	uint64_t bytes;
} export_ctx;

static double export_once(void *ctx)
{
	export_ctx *e = ctx;
	cookie_io_functions_t io = {NULL, sink_write, NULL, NULL};
	FILE *fp;
	double t0, c0;
	int rc;

	e->bytes = 0;
	if (!(fp = fopencookie(&e->bytes, "w", io)))
		die("fopencookie: %s", strerror(errno));
	setvbuf(fp, NULL, _IOFBF, CHUNK);
	t0 = now();
	c0 = cpu_now();
	if ((rc = iedu_xml_export_stream(e->db, fp)) != 0)
		die_iedu("export", rc);
	phase_cpu = cpu_now() - c0;
	t0 = now() - t0;
	fclose(fp);
	return t0;
}

/* ---- sorting: bare ICU and the library ---- */

typedef struct sort_ctx {
	const char **names;
	size_t n;
	uint8_t *arena;
	size_t cap;
	size_t *off;
	UCollator *coll;
	const iedu_db *db;
	const char *locale;
	size_t listed;
	iedu_handle first[5];
} sort_ctx;

static const uint8_t *sort_arena;

static int cmp_key(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c =
	    strcmp((const char *)sort_arena + x, (const char *)sort_arena + y);

	return c ? c : (x > y) - (x < y);
}

/*
 * Allocates its keys' memory in the timed run and frees it after, as the
 * library's listing does (a listing cannot reuse the memory of the one
 * before): with the memory kept from run to run, the bare side's medians
 * were of runs that took no page fault against the library's that took
 * one per 4 KiB of keys, which on this VM is a tenth of the sort.
 */
static double icu_bare(void *ctx)
{
	sort_ctx *s = ctx;
	UChar u16[1024];
	size_t used = 0, i;
	double t0 = now(), t;

	s->off = xmalloc(s->n * sizeof *s->off);
	s->cap = s->n * 32 + 64; /* the library's first guess too */
	s->arena = xmalloc(s->cap);

	for (i = 0; i < s->n; i++) {
		UErrorCode err = U_ZERO_ERROR;
		int32_t len, k;

		u_strFromUTF8(u16, 1024, &len, s->names[i], -1, &err);
		if (U_FAILURE(err))
			die("u_strFromUTF8 failed on %s", s->names[i]);
		for (;;) {
			k = ucol_getSortKey(s->coll, u16, len, s->arena + used,
					    (int32_t)(s->cap - used));
			if ((size_t)k <= s->cap - used)
				break;
			s->cap = s->cap * 2 + (size_t)k;
			s->arena = realloc(s->arena, s->cap);
			if (!s->arena)
				die("out of memory (%s)", "sort keys");
		}
		s->off[i] = used;
		used += (size_t)k;
	}
	sort_arena = s->arena;
	qsort(s->off, s->n, sizeof *s->off, cmp_key);
	t = now() - t0;
	free(s->arena);
	free(s->off);
	s->arena = NULL;
	s->off = NULL;
	return t;
}

/* A listing with a new collator: the order cached for another is no help. */
static double list_with(const sort_ctx *s, const char *locale, size_t *count,
			iedu_handle first[5])
{
	iedu_list_options lo = IEDU_LIST_OPTIONS_INIT;
	iedu_collator *c;
	iedu_handle *out = NULL;
	double t0;
	int rc;

	if ((rc = iedu_collator_new(&c, locale, IEDU_STRENGTH_TERTIARY)) != 0)
		die_iedu("iedu_collator_new", rc);
	if (strcmp(iedu_collator_locale(c), "zh") != 0)
		die("locale %s does not use the zh rules", locale);
	lo.kind = IEDU_KIND_ORGANIZATION;
	lo.lang = "zh";
	lo.collator = c;
	t0 = now();
	if ((rc = iedu_db_sorted(&out, count, s->db, &lo)) != 0)
		die_iedu("iedu_db_sorted", rc);
	t0 = now() - t0;
	if (first)
		memcpy(first, out,
		       sizeof(iedu_handle) * (*count < 5 ? *count : 5));
	iedu_free(out);
	iedu_collator_free(c);
	return t0;
}

/*
 * Locales with the same "zh" (pinyin) rules but different names, so each
 * listing computes its keys afresh: medians of the uncached listing of
 * one database.
 */
static const char *const zh_locales[] = {
    "zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh-Hans-SG", "zh-MY"};

static double list_first(void *ctx)
{
	static size_t next;
	sort_ctx *s = ctx;

	if (next == sizeof zh_locales / sizeof zh_locales[0])
		die("more listings than zh locales (%s)", "-r too large");
	return list_with(s, zh_locales[next++], &s->listed, s->first);
}

static double list_cached(void *ctx)
{
	sort_ctx *s = ctx;

	return list_with(s, s->locale, &s->listed, NULL);
}

/* ---- lookups ---- */

typedef struct lookup_ctx {
	const iedu_db *db;
	const char **ids;
	iedu_handle *expect;
	size_t n;
} lookup_ctx;

static double lookup_all(void *ctx)
{
	lookup_ctx *l = ctx;
	iedu_handle h;
	double t0 = now();
	size_t i;

	for (i = 0; i < l->n; i++)
		if (iedu_db_lookup(&h, l->db, l->ids[i]) != 0 ||
		    h != l->expect[i])
			die("lookup of %s failed", l->ids[i]);
	return now() - t0;
}

/* ---- find ---- */

/* Tone-marked vowels and their letters as typed: ü as v. */
static const char *const tones[][2] = {
    {"ā", "a"}, {"á", "a"}, {"ǎ", "a"}, {"à", "a"}, {"ē", "e"}, {"é", "e"},
    {"ě", "e"}, {"è", "e"}, {"ī", "i"}, {"í", "i"}, {"ǐ", "i"}, {"ì", "i"},
    {"ō", "o"}, {"ó", "o"}, {"ǒ", "o"}, {"ò", "o"}, {"ū", "u"}, {"ú", "u"},
    {"ǔ", "u"}, {"ù", "u"}, {"ǖ", "v"}, {"ǘ", "v"}, {"ǚ", "v"}, {"ǜ", "v"},
    {"ü", "v"}, {"ń", "n"}, {"ň", "n"}, {"ǹ", "n"}, {"ḿ", "m"}, {"ê", "e"},
};

/* The first syllables of pinyin as a user types them: "zhongnan". */
static void plain_pinyin(char *out, size_t size, const char *py,
			 unsigned syllables)
{
	size_t o = 0, i;

	while (*py && o + 4 < size) {
		if (*py == ' ') {
			if (--syllables == 0)
				break;
			py++;
			continue;
		}
		if ((unsigned char)*py < 0x80) {
			if (*py != '\'' && *py != '-')
				out[o++] = *py;
			py++;
			continue;
		}
		for (i = 0; i < sizeof tones / sizeof tones[0]; i++) {
			size_t len = strlen(tones[i][0]);

			if (strncmp(py, tones[i][0], len) == 0) {
				out[o++] = tones[i][1][0];
				py += len;
				break;
			}
		}
		if (i == sizeof tones / sizeof tones[0])
			do /* anything else is copied as it is */
				out[o++] = *py++;
			while (((unsigned char)*py & 0xC0) == 0x80 &&
			       o + 1 < size);
	}
	out[o] = '\0';
}

/* The first n characters of UTF-8 text. */
static void first_chars(char *out, size_t size, const char *text, unsigned n)
{
	size_t o = 0;

	while (*text && n && o + 5 < size) {
		do
			out[o++] = *text++;
		while (((unsigned char)*text & 0xC0) == 0x80);
		n--;
	}
	out[o] = '\0';
}

typedef struct query_set {
	char (*q)[128];
	size_t n;
	double *us;
	double *cpu_us; /* the thread's CPU time per query */
	size_t done;
	size_t empty;
	size_t slowest;
} query_set;

static void run_queries(query_set *qs, const iedu_db *db)
{
	double start = now();
	size_t i;

	for (i = 0; i < qs->n; i++) {
		iedu_matches *m;
		double t0 = now(), c0 = thread_cpu_now();
		int rc = iedu_db_find(&m, db, qs->q[i], IEDU_KIND_NONE, LIMIT);

		qs->us[i] = (now() - t0) * 1e6;
		qs->cpu_us[i] = (thread_cpu_now() - c0) * 1e6;
		if (qs->us[i] > qs->us[qs->slowest])
			qs->slowest = i;
		if (rc != 0)
			die_iedu("iedu_db_find", rc);
		if (iedu_matches_count(m) == 0)
			qs->empty++;
		iedu_matches_free(m);
		qs->done = i + 1;
		if (now() - start > QUERY_BUDGET && i >= 100)
			break;
	}
}

/* ---- the Python peer ---- */

static int python_peer(const options *o, const char *file, double *secs,
		       char *first, size_t size)
{
	char *argv[4];
	char line[512];
	FILE *out = tmpfile();
	double t0;
	int rc;

	if (!out)
		die("tmpfile: %s", strerror(errno));
	argv[0] = (char *)o->python;
	argv[1] = (char *)o->peer;
	argv[2] = (char *)file;
	argv[3] = NULL;
	t0 = now();
	rc = run(argv, out);
	*secs = now() - t0;
	first[0] = '\0';
	rewind(out);
	while (fgets(line, sizeof line, out))
		if (strncmp(line, "first ", 6) == 0) {
			snprintf(first, size, "%s", line + 6);
			first[strcspn(first, "\n")] = '\0';
		}
	fclose(out);
	return rc;
}

/* ---- main ---- */

static void usage(void)
{
	fprintf(stderr,
		"usage: iedu-bench [-n ORGS] [-s SEED] [-f FILE] [-o RESULTS] "
		"[-r RUNS] [-q QUERIES]\n"
		"                  [-g GENERATOR] [-p PEER] [-P PYTHON]\n");
	exit(2);
}

static void parse_options(options *o, int argc, char **argv)
{
	int c;

	o->orgs = 1000000;
	o->seed = 1;
	o->file = NULL;
	o->results = IEDU_BENCH_RESULTS;
	o->gen = IEDU_BENCH_GEN;
	o->peer = IEDU_BENCH_PEER;
	o->python = "/usr/bin/python3";
	o->runs = 5;
	o->queries = 1000;
	while ((c = getopt(argc, argv, "n:s:f:o:r:q:g:p:P:h")) != -1) {
		switch (c) {
		case 'n':
			o->orgs = strtoul(optarg, NULL, 10);
			break;
		case 's':
			o->seed = strtoul(optarg, NULL, 10);
			break;
		case 'f':
			o->file = optarg;
			break;
		case 'o':
			o->results = optarg;
			break;
		case 'r':
			o->runs = atoi(optarg);
			break;
		case 'q':
			o->queries = atoi(optarg);
			break;
		case 'g':
			o->gen = optarg;
			break;
		case 'p':
			o->peer = optarg;
			break;
		case 'P':
			o->python = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || o->orgs == 0 || o->runs < 1 || o->queries < 1)
		usage();
	if (o->runs > 7)
		o->runs = 7; /* one uncached listing per zh locale */
}

/* Generates the document next to the results; returns its path. */
static char *generate(const options *o)
{
	char n[32], s[32], *path, *argv[8];
	const char *slash = strrchr(o->results, '/');
	size_t dir = slash ? (size_t)(slash - o->results) + 1 : 0;
	double t0;

	if (!o->gen[0])
		die("no generator known: give -g GENERATOR or -f FILE%s", "");
	path = xmalloc(dir + 64);
	snprintf(path, dir + 64, "%.*sbench-%lu-%lu.xml", (int)dir, o->results,
		 o->orgs, o->seed);
	snprintf(n, sizeof n, "%lu", o->orgs);
	snprintf(s, sizeof s, "%lu", o->seed);
	argv[0] = (char *)o->gen;
	argv[1] = "-n";
	argv[2] = n;
	argv[3] = "-s";
	argv[4] = s;
	argv[5] = "-o";
	argv[6] = path;
	argv[7] = NULL;
	t0 = now();
	if (run(argv, NULL) != 0)
		die("the generator failed: %s", o->gen);
	printf("generated %s (%lu organisations, seed %lu) in %.1f s\n", path,
	       o->orgs, o->seed, now() - t0);
	return path;
}

int main(int argc, char **argv)
{
	options o;
	char *path;
	uint64_t size, rss0, hwm, rss1;
	double t, t_import, t_import2, t_list, t_bare_sort, t_export, t_export2;
	double t_bare[ROUNDS_MAX], t_imp[ROUNDS_MAX], t_imp2[ROUNDS_MAX];
	double c_bare, c_import;
	int rounds;
	iedu_db *db;
	int rc;

	parse_options(&o, argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	print_machine();
	path = o.file ? strdup(o.file) : generate(&o);
	size = warm(path);
	printf("document: %s, %.1f MB\n", path, (double)size / MB);
	xmlInitParser();

	/*
	 * The sides of import_ratio: the bare parse, the import and the
	 * import with two threads, timed in rounds (bare, import, import
	 * with two threads), each figure the median of its rounds: on a
	 * shared machine a minute can be twice as slow as the next (one bare
	 * parse at 1,000,000 took 8.2 s against 4.3 s in another run), and
	 * alternating lets the two sides of a ratio see the same minutes.
	 * The first import is the one whose database the rest of the run
	 * reads, and whose peak RSS is measured.
	 */
	ensure_cached(path);
	t_bare[0] = sax_bare(path);
	c_bare = phase_cpu;
	if ((rc = iedu_db_new(&db)) != 0)
		die_iedu("iedu_db_new", rc);
	ensure_cached(path); /* its buffer before the peak is reset */
	rss0 = proc_status("VmRSS:");
	if (reset_peak_rss() != 0)
		fprintf(stderr, "iedu-bench: cannot reset VmHWM; the RSS "
				"ratio is an upper bound\n");
	t_import = now();
	phase_cpu = cpu_now();
	if ((rc = iedu_xml_import_file(db, path)) != 0)
		die_iedu("import", rc);
	phase_cpu = cpu_now() - phase_cpu;
	t_import = now() - t_import;
	hwm = proc_status("VmHWM:");
	rss1 = proc_status("VmRSS:");
	c_import = phase_cpu;
	t_imp[0] = t_import;
	{
		int i, n = t_bare[0] < LONG && t_import < LONG ? o.runs
							      : SIDE_RUNS;

		n = n < 1 ? 1 : n > ROUNDS_MAX ? ROUNDS_MAX : n;
		for (i = 0; i < n; i++) {
			if (i > 0) {
				ensure_cached(path);
				t_bare[i] = sax_bare(path);
				ensure_cached(path);
				t_imp[i] = import_once(path);
			}
			import_threads = 2; /* into databases freed after */
			ensure_cached(path);
			t_imp2[i] = import_once(path);
			import_threads = 1;
		}
		t = quantile(t_bare, (size_t)n, 0.5);
		t_import = quantile(t_imp, (size_t)n, 0.5);
		t_import2 = quantile(t_imp2, (size_t)n, 0.5);
		rounds = n;
	}
	set("sax_bare_mbps", (double)size / MB / t, NULL);
	printf("bare SAX2 parse: %.3f s (first run: %.3f s CPU); medians of "
	       "%d rounds of bare parse, import, import with 2 threads\n",
	       t, c_bare, rounds);
	set("import_mbps", (double)size / MB / t_import, NULL);
	set("import_ratio", get("import_mbps") / get("sax_bare_mbps"), NULL);
	set("import_rss_ratio", (double)(hwm - rss0) / (double)size, NULL);
	printf("import: %.3f s (first run: %.3f s CPU), %u records; RSS peak "
	       "+%.1f MB, retained +%.1f MB\n",
	       t_import, c_import, iedu_db_count(db, IEDU_KIND_NONE),
	       (double)(hwm - rss0) / MB, (double)(rss1 - rss0) / MB);
	set("import_2t_mbps", (double)size / MB / t_import2, NULL);
	set("import_2t_ratio", get("import_2t_mbps") / get("sax_bare_mbps"),
	    NULL);
	set("import_2t_cpu_s", phase_cpu, NULL);
	printf("import, 2 threads: %.3f s (last run: %.3f s CPU, both "
	       "threads)\n",
	       t_import2, phase_cpu);
	print_cached();

	/*
	 * What limits import_ratio: the fresh memory the import kept (its
	 * RSS peak), written once per page, and the import_ratio of an
	 * importer that kept as much and did nothing but parse.
	 */
	{
		fresh_ctx f = {(size_t)(hwm - rss0), 0};
		uint64_t avail = mem_available();
		const char *note = NULL;
		static char why[160];
		double t_fresh = NAN;

		if (hwm <= rss0)
			note = "skipped: no RSS peak measured";
		else if (avail && f.bytes + f.bytes / 8 > avail)
			/* beside the database there may be no room for a
			 * second copy (10,000,000 organisations keep 15 GB);
			 * an eighth to spare, for the file's page cache */
			note = "skipped: the import's RSS peak is not free a "
			       "second time";
		else {
			t_fresh = side_timed(fresh_once, &f, o.runs);
			if (f.failed) {
				snprintf(why, sizeof why,
					 "skipped: cannot map %.1f MB: %s",
					 (double)f.bytes / MB,
					 strerror(f.failed));
				note = why;
			}
		}
		if (note) {
			set("fresh_mem_s", NAN, note);
			set("import_bound_ratio", NAN, note);
			printf("fresh memory: %s\n", note);
		} else {
			set("fresh_mem_s", t_fresh, NULL);
			set("import_bound_ratio", t / (t + t_fresh), NULL);
			printf(
			    "fresh memory: %.1f MB of new pages (the import's "
			    "RSS peak) written in %.3f s (last run: %.3f s "
			    "CPU); bare parse plus that: import_ratio at "
			    "most %.3f\n",
			    (double)f.bytes / MB, t_fresh, phase_cpu,
			    get("import_bound_ratio"));
		}
	}

	/* export */
	{
		export_ctx e = {db, 0};

		t_export = side_timed(export_once, &e, o.runs);
		set("export_mbps", (double)e.bytes / MB / t_export, NULL);
		set("export_ratio", get("export_mbps") / get("sax_bare_mbps"),
		    NULL);
		printf("export: %.3f s (last run: %.3f s CPU), %.1f MB of "
		       "canonical XML\n",
		       t_export, phase_cpu, (double)e.bytes / MB);
		if ((rc = iedu_db_set_export_threads(db, 2)) != 0)
			die_iedu("iedu_db_set_export_threads", rc);
		t_export2 = side_timed(export_once, &e, o.runs);
		set("export_2t_mbps", (double)e.bytes / MB / t_export2, NULL);
		set("export_2t_ratio",
		    get("export_2t_mbps") / get("sax_bare_mbps"), NULL);
		set("export_2t_cpu_s", phase_cpu, NULL);
		printf("export, 2 threads: %.3f s (last run: %.3f s CPU, both "
		       "threads)\n",
		       t_export2, phase_cpu);
		if ((rc = iedu_db_set_export_threads(db, 1)) != 0)
			die_iedu("iedu_db_set_export_threads", rc);
	}

	/* sorting */
	{
		sort_ctx s;
		UErrorCode err = U_ZERO_ERROR;
		uint32_t i, n = iedu_db_count(db, IEDU_KIND_ORGANIZATION);
		double t_cached;

		memset(&s, 0, sizeof s);
		s.db = db;
		s.locale = "zh";
		s.n = n;
		s.names = xmalloc(n * sizeof *s.names);
		for (i = 0; i < n; i++) {
			iedu_handle h =
			    iedu_db_record_at(db, IEDU_KIND_ORGANIZATION, i);

			s.names[i] =
			    iedu_record_text(db, h, IEDU_CHILD_NAME, "zh");
			if (!s.names[i])
				die("organisation %s has no Chinese name",
				    iedu_record_id(db, h));
		}
		s.coll = ucol_open("zh", &err);
		if (U_FAILURE(err))
			die("ucol_open(zh): %s", u_errorName(err));
		t_bare_sort = median_of(icu_bare, &s, o.runs);
		set("icu_bare_sort_s", t_bare_sort, NULL);
		t_list = median_of(list_first, &s, o.runs);
		set("list_sort_ratio", t_list / t_bare_sort, NULL);
		t_cached = timed(list_cached, &s, o.runs);
		set("list_cached_ratio", t_cached / t_bare_sort, NULL);
		printf("sort of %u names: bare ICU %.3f s, iedu_db_sorted "
		       "%.3f s, cached %.6f s\n",
		       n, t_bare_sort, t_list, t_cached);
		printf("listing begins:");
		for (i = 0; i < 5 && i < s.listed; i++)
			printf(" %s", iedu_record_id(db, s.first[i]));
		printf("\n");

		/* the peer's listing must begin the same way */
		{
			char first[512], mine[512] = "";
			size_t len = 0;
			double secs, cached;

			for (i = 0; i < 5 && i < s.listed; i++)
				len += (size_t)snprintf(
				    mine + len, sizeof mine - len, "%s%s",
				    i ? " " : "",
				    iedu_record_id(db, s.first[i]));
			cached = o.peer[0] ? ensure_cached(path) : -1;
			rc = o.peer[0] ? python_peer(&o, path, &secs, first,
						     sizeof first)
				       : PYTHON_SKIPPED;
			if (rc == PYTHON_SKIPPED) {
				const char *note =
				    o.peer[0] ? "skipped: python3-lxml or "
						"python3-icu missing"
					      : "skipped: no peer (-p '')";

				set("python_peer_s", NAN, note);
				set("peer_ratio", NAN, note);
			} else if (rc != 0) {
				die("the Python peer failed: %s", o.peer);
			} else {
				if (strcmp(first, mine) != 0) {
					fprintf(stderr,
						"iedu-bench: the peer lists "
						"'%s', the library '%s'\n",
						first, mine);
					exit(1);
				}
				set("python_peer_s", secs, NULL);
				set("peer_ratio", secs / (t_import + t_list),
				    NULL);
				printf("Python peer: %.1f s, same listing; "
				       "the file ",
				       secs);
				if (cached < 0)
					printf("read again first (mincore "
					       "could not tell)\n");
				else if (cached < 100.0)
					printf("%.1f %% in the page cache "
					       "before it, read again\n",
					       pct_down(cached));
				else
					printf("wholly in the page cache "
					       "before it\n");
			}
		}
		ucol_close(s.coll);
		free(s.arena);
		free(s.off);
		free(s.names);
	}

	/* lookups */
	{
		lookup_ctx l;
		uint32_t k, i, all = 0, m = 0;
		uint64_t rng = o.seed;
		const char **ids;
		iedu_handle *hs;

		all = iedu_db_count(db, IEDU_KIND_NONE);
		ids = xmalloc(all * sizeof *ids);
		hs = xmalloc(all * sizeof *hs);
		for (k = 1; k <= IEDU_KIND_COUNT; k++) {
			uint32_t n = iedu_db_count(db, (iedu_kind)k);

			for (i = 0; i < n; i++) {
				iedu_handle h =
				    iedu_db_record_at(db, (iedu_kind)k, i);
				const char *id = iedu_record_id(db, h);

				if (id) {
					ids[m] = id;
					hs[m++] = h;
				}
			}
		}
		for (i = m; i > 1; i--) { /* Fisher-Yates */
			uint32_t j = below(&rng, i);
			const char *tid = ids[i - 1];
			iedu_handle th = hs[i - 1];

			ids[i - 1] = ids[j];
			hs[i - 1] = hs[j];
			ids[j] = tid;
			hs[j] = th;
		}
		l.db = db;
		l.ids = ids;
		l.expect = hs;
		l.n = m < 1000000 ? m : 1000000;
		t = timed(lookup_all, &l, o.runs);
		set("lookup_id_per_s", (double)l.n / t, NULL);
		printf("lookup: %zu random ids of %u in %.3f s\n", l.n, m, t);
		free(ids);
		free(hs);
	}

	/* find */
	{
		query_set pre = {0}, tr = {0};
		uint32_t n = iedu_db_count(db, IEDU_KIND_ORGANIZATION);
		uint64_t rng = o.seed * 7919;
		iedu_matches *m;
		int i;

		pre.n = tr.n = (size_t)o.queries;
		pre.q = xmalloc(pre.n * sizeof *pre.q);
		tr.q = xmalloc(tr.n * sizeof *tr.q);
		pre.us = xmalloc(pre.n * sizeof *pre.us);
		tr.us = xmalloc(tr.n * sizeof *tr.us);
		pre.cpu_us = xmalloc(pre.n * sizeof *pre.cpu_us);
		tr.cpu_us = xmalloc(tr.n * sizeof *tr.cpu_us);
		for (i = 0; i < o.queries; i++) {
			iedu_handle h = iedu_db_record_at(
			    db, IEDU_KIND_ORGANIZATION, below(&rng, n));
			const char *name =
			    iedu_record_text(db, h, IEDU_CHILD_NAME, "zh");
			char *py;

			first_chars(pre.q[i], sizeof pre.q[i], name,
				    2 + below(&rng, 3));
			if ((rc = iedu_pinyin(&py, name, 0)) != 0)
				die_iedu("iedu_pinyin", rc);
			plain_pinyin(tr.q[i], sizeof tr.q[i], py,
				     2 + below(&rng, 3));
			iedu_free(py);
		}
		t = now();
		if ((rc = iedu_db_find(&m, db, pre.q[0], IEDU_KIND_NONE,
				       LIMIT)) != 0)
			die_iedu("iedu_db_find", rc);
		iedu_matches_free(m);
		set("find_index_build_s", now() - t, NULL);
		run_queries(&pre, db);
		run_queries(&tr, db);
		printf("slowest queries: \"%s\" %.0f us, \"%s\" %.0f us\n",
		       pre.q[pre.slowest], pre.us[pre.slowest],
		       tr.q[tr.slowest], tr.us[tr.slowest]);
		set("find_prefix_p50_us", quantile(pre.us, pre.done, 0.5),
		    NULL);
		set("find_prefix_p99_us", quantile(pre.us, pre.done, 0.99),
		    NULL);
		set("find_translit_p50_us", quantile(tr.us, tr.done, 0.5),
		    NULL);
		set("find_translit_p99_us", quantile(tr.us, tr.done, 0.99),
		    NULL);
		set("find_prefix_p99_cpu_us",
		    quantile(pre.cpu_us, pre.done, 0.99), NULL);
		set("find_translit_p99_cpu_us",
		    quantile(tr.cpu_us, tr.done, 0.99), NULL);
		printf("find: index built in %.2f s; %zu prefix queries "
		       "(\"%s\", ...), %zu pinyin queries (\"%s\", ...); "
		       "%zu found nothing\n",
		       get("find_index_build_s"), pre.done, pre.q[0], tr.done,
		       tr.q[0], pre.empty + tr.empty);
		if (pre.empty + tr.empty)
			die("a query made from a name found nothing%s", "");
		free(pre.q);
		free(tr.q);
		free(pre.us);
		free(tr.us);
		free(pre.cpu_us);
		free(tr.cpu_us);
	}

	iedu_db_free(db);
	print_method(&o);
	print_table();
	write_results(o.results);
	printf("\nwrote %s\n", o.results);
	free(path);
	return 0;
}
