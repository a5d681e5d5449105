/*
 * Committing a batch: resolve every reference of the staged records,
 * refuse part-of cycles, reserve every array the commit will extend, and
 * only then make the records visible and index their references. Nothing
 * outside the staging area changes before the last step, which cannot
 * fail; a failure before it rolls the staging area back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iedu/errors.h"
#include "alloc.h"
#include "batch.h"
#include "error.h"
#include "thread.h"

static const char *kind_list(char *buf, size_t size, uint32_t mask)
{
	size_t o = 0, k, n = 0, i = 0;

	for (k = 1; k <= IEDU_KIND_COUNT; k++)
		n += (mask >> k) & 1;
	if (mask == ANY_KIND) {
		snprintf(buf, size, "a record");
		return buf;
	}
	buf[0] = '\0';
	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		if (!((mask >> k) & 1))
			continue;
		o += (size_t)snprintf(buf + o, size - o, "%s%s %s",
				      i == 0	   ? ""
				      : i + 1 == n ? " or "
						   : ", ",
				      schema_article((iedu_kind)k),
				      iedu_kind_name((iedu_kind)k));
		i++;
	}
	return buf;
}

/*
 * The field a reference error names: "cite/@source" for a child's
 * attribute (ch not NULL), else the attribute's name.
 */
static const char *ref_field(char *buf, size_t size, const child_rec *ch,
			     const attr_spec *spec)
{
	if (!ch)
		return iedu_attr_name(spec->attr);
	snprintf(buf, size, "%s/@%s", iedu_child_name(ch->type),
		 iedu_attr_name(spec->attr));
	return buf;
}

/* Whether the record handle h is of a kind the reference allows. */
static int ref_allows(const attr_spec *spec, uint32_t h)
{
	return h && ((spec->ref_kinds >> handle_kind(h)) & 1);
}

/*
 * The error of a reference that does not resolve: the id string at *slot
 * names no record, or one of a kind the reference does not allow. ch is
 * the child whose attribute it is, or NULL for a record attribute.
 */
static int ref_error(iedu_batch *b, iedu_handle rec, const uint32_t *slot,
		     const attr_spec *spec, const child_rec *ch)
{
	iedu_db *db = b->db;
	char want[160], what[300], field[64];
	uint32_t h = strtab_tag_get(&db->strings, *slot);
	const char *id = strtab_get(&db->strings, *slot);
	int rc;

	if (!h) {
		rc = iedu__error(
		    IEDU_EREF,
		    "no record has the id '%s'; expected the id of "
		    "%s in the database or in the same %s",
		    id, kind_list(want, sizeof want, spec->ref_kinds),
		    b->located ? "document" : "batch");
	} else {
		model_describe(what, sizeof what, db, h);
		rc = iedu__error(IEDU_EKIND,
				 "'%s' is %s %s; expected the id of %s", id,
				 schema_article(handle_kind(h)),
				 iedu_kind_name(handle_kind(h)),
				 kind_list(want, sizeof want, spec->ref_kinds));
	}
	iedu__error_context_n(handle_kind(rec), model_id(db, rec),
			      handle_index(rec) + 1,
			      ref_field(field, sizeof field, ch, spec));
	batch_locate_error(b, rec);
	return rc;
}

/*
 * Calls fn for every reference slot of staged record rec; ch is the child
 * holding the slot, or NULL for the record's own attributes.
 */
typedef int (*ref_fn)(iedu_batch *b, iedu_handle rec, uint32_t *slot,
		      const attr_spec *spec, const child_rec *ch, uint32_t via,
		      void *ctx);

static int each_ref(iedu_batch *b, iedu_handle rec, ref_fn fn, void *ctx)
{
	iedu_db *db = b->db;
	iedu_kind k = handle_kind(rec);
	const kind_spec *ks = &schema_kinds[k];
	uint32_t *r = model_record_any(db, rec);
	size_t c;
	int i, rc;

	for (i = 0; i < ks->nattrs; i++) {
		const attr_spec *sp = &ks->attrs[i];
		uint32_t *slot = &r[REC_ATTR0 + i];
		if (!*slot)
			continue;
		if (sp->vt == VT_REF) {
			if ((rc = fn(b, rec, slot, sp, NULL, VIA_ATTR(sp->attr),
				     ctx)) != 0)
				return rc;
		} else if (sp->vt == VT_REFLIST) {
			uint32_t *l = &db->lists[*slot - 1], e;
			for (e = 0; e < l[0]; e++)
				if ((rc = fn(b, rec, &l[2 + e], sp, NULL,
					     VIA_ATTR(sp->attr), ctx)) != 0)
					return rc;
		}
	}
	for (c = r[REC_FIRST_CHILD];
	     c < (size_t)r[REC_FIRST_CHILD] + r[REC_NCHILDREN]; c++) {
		child_rec *ch = &db->children[c];
		const child_spec *cs = &schema_children[ch->type];
		for (i = 0; i < cs->nattrs; i++) {
			const attr_spec *sp = &cs->attrs[i];
			if (sp->vt != VT_REF || !ch->v[i])
				continue;
			if ((rc = fn(b, rec, &ch->v[i], sp, ch,
				     VIA_CHILD(ch->type, sp->attr), ctx)) != 0)
				return rc;
		}
	}
	return 0;
}

/*
 * Records are visited kind by kind, but their children were stored in
 * document order, so one kind's children lie scattered through the
 * children array: start loading those of the record CHILDREN_AHEAD on.
 */
#define CHILDREN_AHEAD 8

static void prefetch_children(const iedu_db *db, const iedu_batch *b, int k,
			      size_t j)
{
	const kind_store *st = &db->kinds[k];
	const uint32_t *r;

	if (j >= b->staged[k])
		return;
	r = st->slots + (st->count + j) * st->stride;
	if (r[REC_NCHILDREN]) {
		const child_rec *c = &db->children[r[REC_FIRST_CHILD]];
		__builtin_prefetch(c);
		__builtin_prefetch(c + r[REC_NCHILDREN] - 1);
	}
}

/*
 * The commit's walk: the staged records kind by kind, each kind's in
 * order. Calls fn for every reference of the records at positions
 * [from, to) of the walk.
 */
static int walk(iedu_batch *b, size_t from, size_t to, ref_fn fn, void *ctx)
{
	iedu_db *db = b->db;
	size_t base = 0, j;
	int k, rc;

	for (k = 1; k <= IEDU_KIND_COUNT && base < to; k++) {
		size_t n = b->staged[k];
		size_t j0 = from > base ? from - base : 0;
		size_t j1 = to - base < n ? to - base : n;
		for (j = j0; j < j1; j++) {
			prefetch_children(db, b, k, j + CHILDREN_AHEAD);
			if ((rc = each_ref(b,
					   make_handle((iedu_kind)k,
						       db->kinds[k].count +
							   (uint32_t)j),
					   fn, ctx)) != 0)
				return rc;
		}
		base += n;
	}
	return 0;
}

/*
 * A large commit (COMMIT_SPLIT staged records, two import threads) runs
 * in two threads: the calling one and one it starts and joins.
 *
 * Resolving splits the walk's records in two parts, where about half of
 * its references lie (split_point); each thread
 * reads the tags of the ids (the string table is not written) and writes
 * the reference slots of its own records. Each resolved reference is
 * also kept, in order, as the edge it becomes (target, from, via), in one
 * of two lists by the target's half: targets whose index has bit
 * TARGET_BLOCK clear, and the others.
 *
 * Indexing then splits the targets: each thread adds the edges of one
 * half, the first part's list then the second's, so every target's list
 * and list ends are written by one thread, in the order of the walk, and
 * the two threads' blocks of list ends lie apart in memory. Each half's
 * edges take a range of the edge array of their own: the edge indices
 * differ from a commit in one thread, but no list does.
 */
#define TARGET_BLOCK 8 /* blocks of 256 targets: 1 KiB of list ends */

static unsigned target_half(uint32_t h)
{
	return (handle_index(h) >> TARGET_BLOCK) & 1u;
}

/* Whether the commit is split between two threads. */
static int split(const iedu_batch *b)
{
	return b->db->import_threads >= 2 && b->nrecords >= b->db->commit_split;
}

/*
 * Runs fn(x) in the calling thread and fn(y) in a second one when in_two
 * (else, or when that thread cannot be started, fn(y) after fn(x)); y may
 * be NULL. 1 when a second thread ran.
 */
static int run_parts(void *(*fn)(void *), void *x, void *y, int in_two)
{
	pthread_t tid;
	int started = in_two && y && iedu__thread_start(&tid, fn, y) == 0;

	fn(x);
	if (started)
		pthread_join(tid, NULL);
	else if (y)
		fn(y);
	return started;
}

/* An edge to add: the reference of record from, by via, to target. */
typedef struct new_edge {
	iedu_handle target, from;
	uint32_t via;
} new_edge;

/*
 * A list of edges to add, in chunks: it grows without copying. The first
 * chunk of a list holds EDGE_CHUNK_MIN edges and each next one twice as
 * many, up to EDGE_CHUNK (768 KiB), so a small commit allocates little;
 * a large chunk is mapped in one call (iedu__map), not page by page.
 */
#define EDGE_CHUNK_MIN 256
#define EDGE_CHUNK 65536

typedef struct edge_chunk {
	struct edge_chunk *next;
	size_t n, cap;
	new_edge e[];
} edge_chunk;

typedef struct edge_list {
	edge_chunk *first, *last;
	size_t n;
} edge_list;

/*
 * References waiting to be resolved. Each lookup reads the id's tag, at
 * random in the arena, so they are resolved in groups: every load of a
 * group is started before the first is needed, and the group waits for
 * memory about once rather than once per reference. A part resolves its
 * records' references in order and stops at the first that does not
 * resolve, kept in bad for the calling thread to report: the first error
 * is still the first reference that fails. A part does not report errors
 * itself (it may run in the second thread); nomem says that an edge list
 * could not grow.
 */
#define RESOLVE_GROUP 32

typedef struct pending_ref {
	iedu_handle rec;
	uint32_t *slot;
	const attr_spec *spec;
	const child_rec *ch;
	uint32_t via;
} pending_ref;

typedef struct resolver {
	iedu_batch *b;
	size_t from, to; /* the part's records in the walk */
	pending_ref p[RESOLVE_GROUP];
	size_t n;
	edge_list edges[2]; /* by target_half */
	int failed, nomem;
	pending_ref bad;
} resolver;

static int edge_list_add(edge_list *l, iedu_handle target, iedu_handle from,
			 uint32_t via)
{
	edge_chunk *c = l->last;
	new_edge *e;

	if (!c || c->n == c->cap) {
		size_t cap = !c		       ? EDGE_CHUNK_MIN
			     : c->cap < EDGE_CHUNK ? c->cap * 2
						   : EDGE_CHUNK;
		size_t size = sizeof *c + cap * sizeof c->e[0];
		if (!(c = iedu__malloc(size)))
			return 1;
		iedu__map(c, size);
		c->next = NULL;
		c->n = 0;
		c->cap = cap;
		if (l->last)
			l->last->next = c;
		else
			l->first = c;
		l->last = c;
	}
	e = &c->e[c->n++];
	e->target = target;
	e->from = from;
	e->via = via;
	l->n++;
	return 0;
}

static void edge_list_free(edge_list *l)
{
	edge_chunk *c, *next;

	for (c = l->first; c; c = next) {
		next = c->next;
		iedu__free(c);
	}
}

static int resolve_pending(resolver *rs)
{
	const strtab *st = &rs->b->db->strings;
	size_t i, n = rs->n;

	rs->n = 0;
	for (i = 0; i < n; i++)
		strtab_prefetch_tag(st, *rs->p[i].slot);
	for (i = 0; i < n; i++) {
		const pending_ref *p = &rs->p[i];
		uint32_t h = strtab_tag_get(st, *p->slot);
		if (!ref_allows(p->spec, h)) {
			rs->bad = *p;
			rs->failed = 1;
			return 1;
		}
		*p->slot = h;
		if (edge_list_add(&rs->edges[target_half(h)], h, p->rec,
				  p->via) != 0) {
			rs->nomem = 1;
			return 1;
		}
	}
	return 0;
}

static int resolve_fn(iedu_batch *b, iedu_handle rec, uint32_t *slot,
		      const attr_spec *spec, const child_rec *ch, uint32_t via,
		      void *ctx)
{
	resolver *rs = ctx;
	pending_ref *p = &rs->p[rs->n++];

	(void)b;
	p->rec = rec;
	p->slot = slot;
	p->spec = spec;
	p->ch = ch;
	p->via = via;
	return rs->n == RESOLVE_GROUP ? resolve_pending(rs) : 0;
}

static void *resolve_part(void *arg)
{
	resolver *rs = arg;

	if (walk(rs->b, rs->from, rs->to, resolve_fn, rs) == 0)
		resolve_pending(rs);
	return NULL;
}

/* ---- part-of cycles ---- */

typedef struct pedge {
	iedu_handle from, to, rel;
} pedge;

static int pedge_cmp(const void *x, const void *y)
{
	const pedge *a = x, *b = y;
	return a->from < b->from ? -1 : a->from > b->from;
}

/* Node colours during the search: open addressing, handle -> colour. */
typedef struct colours {
	uint32_t *keys;
	uint8_t *vals;
	size_t n, used;
} colours;

static uint8_t *colour(colours *c, uint32_t key, int insert)
{
	size_t i;

	if (insert && (c->used + 1) * 2 > c->n) {
		size_t nn = c->n ? c->n * 2 : 64, j;
		uint32_t *nk = iedu__calloc(nn, sizeof *nk);
		uint8_t *nv = iedu__calloc(nn, 1);
		if (!nk || !nv) {
			iedu__free(nk);
			iedu__free(nv);
			return NULL;
		}
		for (j = 0; j < c->n; j++) {
			size_t p;
			if (!c->keys[j])
				continue;
			for (p = (c->keys[j] * 2654435761u) & (nn - 1); nk[p];
			     p = (p + 1) & (nn - 1))
				;
			nk[p] = c->keys[j];
			nv[p] = c->vals[j];
		}
		iedu__free(c->keys);
		iedu__free(c->vals);
		c->keys = nk;
		c->vals = nv;
		c->n = nn;
	}
	if (!c->n)
		return NULL;
	for (i = (key * 2654435761u) & (c->n - 1); c->keys[i];
	     i = (i + 1) & (c->n - 1))
		if (c->keys[i] == key)
			return &c->vals[i];
	if (!insert)
		return NULL;
	c->keys[i] = key;
	c->vals[i] = 0;
	c->used++;
	return &c->vals[i];
}

typedef struct frame {
	iedu_handle node;
	iedu_handle via_rel; /* relation used to reach the next frame's node */
	uint32_t edge;	     /* committed edge cursor (index + 1), 0: done */
	size_t staged;	     /* cursor into the staged edge array */
	int started;
} frame;

static int rel_part_of(const iedu_db *db, iedu_handle rel, iedu_handle *to)
{
	const uint32_t *r = model_record_any((iedu_db *)db, rel);
	int ti = schema_kind_attr(IEDU_KIND_RELATION, IEDU_ATTR_TYPE);
	int toi = schema_kind_attr(IEDU_KIND_RELATION, IEDU_ATTR_TO);

	if (r[REC_ATTR0 + ti] != 1) /* "part-of" is the first type */
		return 0;
	*to = r[REC_ATTR0 + toi];
	return 1;
}

/* The next part-of successor of the frame's node, or IEDU_NONE. */
static iedu_handle next_out(const iedu_db *db, const pedge *pe, size_t npe,
			    frame *f)
{
	iedu_handle to;

	if (!f->started) {
		uint32_t i = handle_index(f->node);
		const adjacency *a = &db->adj[IEDU_KIND_ORGANIZATION];
		f->started = 1;
		f->edge =
		    (i < db->kinds[IEDU_KIND_ORGANIZATION].count && a->head)
			? a->head[i]
			: 0;
		/* first staged edge from this node */
		{
			size_t lo = 0, hi = npe;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (pe[mid].from < f->node)
					lo = mid + 1;
				else
					hi = mid;
			}
			f->staged = lo;
		}
	}
	while (f->edge) {
		const edge *e = &db->edges[f->edge - 1];
		f->edge = e->next;
		if (e->via == VIA_ATTR(IEDU_ATTR_FROM) &&
		    handle_kind(e->from) == IEDU_KIND_RELATION &&
		    rel_part_of(db, e->from, &to)) {
			f->via_rel = e->from;
			return to;
		}
	}
	if (f->staged < npe && pe[f->staged].from == f->node) {
		f->via_rel = pe[f->staged].rel;
		return pe[f->staged++].to;
	}
	return IEDU_NONE;
}

static int cycle_error(iedu_batch *b, frame *st, size_t top, size_t from)
{
	iedu_db *db = b->db;
	char path[1024];
	size_t o = 0, i;
	iedu_handle blame = IEDU_NONE;

	for (i = from; i <= top; i++) {
		const char *id = model_id(db, st[i].node);
		if (o < sizeof path - 200)
			o += (size_t)snprintf(path + o, sizeof path - o,
					      "%s -> ", id);
		else if (i == top)
			o += (size_t)snprintf(path + o, sizeof path - o,
					      "... -> ");
		if (!blame && handle_index(st[i].via_rel) >=
				  db->kinds[IEDU_KIND_RELATION].count)
			blame = st[i].via_rel;
	}
	snprintf(path + o, sizeof path - o, "%s", model_id(db, st[from].node));
	iedu__error(IEDU_ECYCLE,
		    "part-of relations form a cycle: %s; expected a hierarchy "
		    "in which no organization is part of itself",
		    path);
	iedu__error_context_n(IEDU_KIND_RELATION, model_id(db, blame),
			      handle_index(blame) + 1, "to");
	batch_locate_error(b, blame);
	return IEDU_ECYCLE;
}

static int check_cycles(iedu_batch *b)
{
	iedu_db *db = b->db;
	kind_store *rs = &db->kinds[IEDU_KIND_RELATION];
	int fi = schema_kind_attr(IEDU_KIND_RELATION, IEDU_ATTR_FROM);
	pedge *pe = NULL;
	frame *st = NULL;
	size_t npe = 0, stcap = 0, i;
	colours col = {NULL, NULL, 0, 0};
	int rc = 0;

	if (!b->staged[IEDU_KIND_RELATION])
		return 0;
	pe = iedu__malloc(b->staged[IEDU_KIND_RELATION] * sizeof *pe);
	if (!pe)
		return iedu__error_nomem("checking part-of relations");
	for (i = 0; i < b->staged[IEDU_KIND_RELATION]; i++) {
		iedu_handle rel =
		    make_handle(IEDU_KIND_RELATION, rs->count + (uint32_t)i);
		iedu_handle to;
		if (rel_part_of(db, rel, &to)) {
			pe[npe].from =
			    model_record_any(db, rel)[REC_ATTR0 + fi];
			pe[npe].to = to;
			pe[npe].rel = rel;
			npe++;
		}
	}
	qsort(pe, npe, sizeof *pe, pedge_cmp);
	/* depth-first search from every staged edge's source; 1 grey, 2 black
	 */
	for (i = 0; i < npe && !rc; i++) {
		size_t top = 0;
		uint8_t *c = colour(&col, pe[i].from, 1);
		if (!c) {
			rc = iedu__error_nomem("checking part-of relations");
			break;
		}
		if (*c)
			continue;
		if ((rc = iedu__grow((void **)&st, &stcap, 1, sizeof *st,
				     "checking part-of relations")) != 0)
			break;
		memset(&st[0], 0, sizeof st[0]);
		st[0].node = pe[i].from;
		*c = 1;
		for (;;) {
			iedu_handle nx = next_out(db, pe, npe, &st[top]);
			if (nx == IEDU_NONE) {
				*colour(&col, st[top].node, 0) = 2;
				if (top == 0)
					break;
				top--;
				continue;
			}
			c = colour(&col, nx, 1);
			if (!c) {
				rc = iedu__error_nomem("checking part-of "
						       "relations");
				break;
			}
			if (*c == 1) {
				size_t from = top;
				while (st[from].node != nx)
					from--;
				rc = cycle_error(b, st, top, from);
				break;
			}
			if (*c == 2)
				continue;
			*c = 1;
			if ((rc = iedu__grow(
				 (void **)&st, &stcap, top + 2, sizeof *st,
				 "checking part-of relations")) != 0)
				break;
			top++;
			memset(&st[top], 0, sizeof st[top]);
			st[top].node = nx;
		}
	}
	iedu__free(pe);
	iedu__free(st);
	iedu__free(col.keys);
	iedu__free(col.vals);
	return rc;
}

/* ---- applying ---- */

static void add_edge(iedu_db *db, uint32_t e, iedu_handle target,
		     iedu_handle from, uint32_t via)
{
	adjacency *a = &db->adj[handle_kind(target)];
	uint32_t i = handle_index(target);

	db->edges[e].from = from;
	db->edges[e].via = via;
	db->edges[e].next = 0;
	if (a->tail[i])
		db->edges[a->tail[i] - 1].next = e + 1;
	else
		a->head[i] = e + 1;
	a->tail[i] = e + 1;
}

/*
 * Adding an edge reads and writes its target's list ends and the
 * target's last edge, at random in memory once the database is large: as
 * for resolving, the loads of a group of EDGE_GROUP edges are started
 * before the first is needed, in two stages (the list ends, then the last
 * edge they name). Added in order, so every list is as if added one by
 * one.
 */
#define EDGE_GROUP 32

static void add_group(iedu_db *db, const new_edge *ne, size_t n, uint32_t e)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const adjacency *a = &db->adj[handle_kind(ne[i].target)];
		uint32_t t = handle_index(ne[i].target);
		__builtin_prefetch(&a->tail[t], 1);
		__builtin_prefetch(&a->head[t], 1);
	}
	for (i = 0; i < n; i++) {
		const adjacency *a = &db->adj[handle_kind(ne[i].target)];
		uint32_t last = a->tail[handle_index(ne[i].target)];
		if (last)
			__builtin_prefetch(&db->edges[last - 1], 1);
	}
	for (i = 0; i < n; i++)
		add_edge(db, e + (uint32_t)i, ne[i].target, ne[i].from,
			 ne[i].via);
}

/*
 * One half's edges: both parts' lists of it, n edges from edge index
 * first on. The half's range of the edge array is fresh memory, mapped by
 * the thread that fills it, so that with two threads each takes the cost
 * of its own half's first touch: at 1,000,000 organisations the edges
 * (146 MB) and the list ends took 0.5 s to map in the calling thread
 * alone, while the other waited.
 */
typedef struct edge_adder {
	iedu_db *db;
	const edge_list *lists[2];
	uint32_t first;
	size_t n;
} edge_adder;

static void *edge_part(void *arg)
{
	const edge_adder *ea = arg;
	const edge_chunk *c;
	uint32_t e = ea->first;
	size_t i, l;

	if (ea->n) /* edges may be NULL when there are none */
		iedu__map(ea->db->edges + ea->first,
			  ea->n * sizeof *ea->db->edges);
	for (l = 0; l < 2; l++)
		for (c = ea->lists[l]->first; c; c = c->next)
			for (i = 0; i < c->n; i += EDGE_GROUP) {
				size_t n = c->n - i < EDGE_GROUP ? c->n - i
								 : EDGE_GROUP;
				add_group(ea->db, c->e + i, n, e);
				e += (uint32_t)n;
			}
	return NULL;
}

/*
 * The list ends' new memory, to be zeroed before any edge is added: one
 * region for each array that grew. With two threads each clears one half
 * of every region (halves of memory, not of the targets: the two threads
 * then share at most the page at each region's middle, disjoint bytes of
 * it), the first touch of fresh pages split as for the edges.
 */
typedef struct clear_region {
	void *p;
	size_t n;
} clear_region;

typedef struct adjacency_clear {
	clear_region r[2 * IEDU_KIND_COUNT];
	size_t nr;
	int second; /* this part clears the second halves */
} adjacency_clear;

static void *clear_part(void *arg)
{
	const adjacency_clear *ac = arg;
	size_t i;

	for (i = 0; i < ac->nr; i++) {
		char *p = ac->r[i].p;
		size_t n = ac->r[i].n, mid = n / 2;
		if (ac->second)
			iedu__clear(p + mid, n - mid);
		else
			iedu__clear(p, mid);
	}
	return NULL;
}

/*
 * Grows every kind's list ends to its records, committed and staged; the
 * new memory is listed in ac for clear_part. The capacities are raised
 * only once every array has grown: on failure each kind keeps its old
 * one, and what its arrays gained is cleared when they next grow.
 */
static int reserve_adjacency(iedu_db *db, const iedu_batch *b,
			     adjacency_clear *ac)
{
	size_t cap[IEDU_KIND_COUNT + 1];
	int k;

	ac->nr = 0;
	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		adjacency *a = &db->adj[k];
		size_t need = (size_t)db->kinds[k].count + b->staged[k];
		size_t cap_h = a->cap, cap_t = a->cap;
		int rc;
		cap[k] = a->cap;
		if (need <= a->cap)
			continue;
		if ((rc = iedu__grow((void **)&a->head, &cap_h, need,
				     sizeof *a->head, "indexing references")) !=
			0 ||
		    (rc = iedu__grow((void **)&a->tail, &cap_t, need,
				     sizeof *a->tail, "indexing references")) !=
			0)
			return rc;
		ac->r[ac->nr].p = a->head + a->cap;
		ac->r[ac->nr++].n = (cap_h - a->cap) * sizeof *a->head;
		ac->r[ac->nr].p = a->tail + a->cap;
		ac->r[ac->nr++].n = (cap_t - a->cap) * sizeof *a->tail;
		cap[k] = cap_h < cap_t ? cap_h : cap_t;
	}
	for (k = 1; k <= IEDU_KIND_COUNT; k++)
		db->adj[k].cap = cap[k];
	return 0;
}

static void resolvers_free(resolver *rs)
{
	int i, h;

	for (i = 0; i < 2; i++)
		for (h = 0; h < 2; h++)
			edge_list_free(&rs[i].edges[h]);
}

/*
 * The first problem of the parts, in the order of the walk: a reference
 * that does not resolve, or an edge list that could not grow.
 */
static int resolve_result(iedu_batch *b, const resolver *rs)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (rs[i].failed)
			return ref_error(b, rs[i].bad.rec, rs[i].bad.slot,
					 rs[i].bad.spec, rs[i].bad.ch);
		if (rs[i].nomem)
			return iedu__error_nomem("indexing references");
	}
	return 0;
}

static int apply(iedu_batch *b, resolver *rs, int in_two)
{
	iedu_db *db = b->db;
	edge_adder ea[2];
	adjacency_clear ac[2];
	size_t nhalf[2], nrefs;
	int h, rc;

	for (h = 0; h < 2; h++)
		nhalf[h] = rs[0].edges[h].n + rs[1].edges[h].n;
	nrefs = nhalf[0] + nhalf[1];
	/* edges are named by index + 1 in 32 bits */
	if (nrefs > UINT32_MAX - 1 - db->nedges)
		return iedu__error(IEDU_ELIMIT,
				   "the batch has %zu references and the "
				   "database %zu; a database holds at most "
				   "%lu references",
				   nrefs, db->nedges,
				   (unsigned long)UINT32_MAX - 1);
	if ((rc = check_cycles(b)) != 0)
		return rc;
	if ((rc = iedu__grow((void **)&db->edges, &db->edges_cap,
			     db->nedges + nrefs, sizeof *db->edges,
			     "indexing references")) != 0)
		return rc;
	if ((rc = reserve_adjacency(db, b, &ac[0])) != 0)
		return rc;
	/* the point of no return: nothing below can fail */
	ac[0].second = 0;
	ac[1] = ac[0];
	ac[1].second = 1;
	if (ac[0].nr)
		run_parts(clear_part, &ac[0], &ac[1], in_two);
	for (h = 0; h < 2; h++) {
		ea[h].db = db;
		ea[h].lists[0] = &rs[0].edges[h];
		ea[h].lists[1] = &rs[1].edges[h];
		ea[h].first = (uint32_t)(db->nedges + (h ? nhalf[0] : 0));
		ea[h].n = nhalf[h];
	}
	if (run_parts(edge_part, &ea[0], &ea[1], in_two))
		db->commit_threads |= 2u;
	db->nedges += nrefs;
	return 0;
}

/*
 * Where the walk is split between the two resolving threads: where about
 * half of its references lie, so that both threads finish together. The
 * kinds differ several times over in references per record (at
 * 1,000,000 organisations a split by records left the first thread idle
 * for 0.3 s of a 0.5 s resolve), so each kind's share is estimated from
 * SPLIT_SAMPLES of its records spread evenly over it, and the split falls
 * within the kind that holds the middle, in proportion. Only the balance
 * depends on it: each thread keeps its edges in order, so no list does.
 */
#define SPLIT_SAMPLES 64

static int count_fn(iedu_batch *b, iedu_handle rec, uint32_t *slot,
		    const attr_spec *spec, const child_rec *ch, uint32_t via,
		    void *ctx)
{
	(void)b, (void)rec, (void)slot, (void)spec, (void)ch, (void)via;
	++*(size_t *)ctx;
	return 0;
}

static size_t split_point(iedu_batch *b)
{
	iedu_db *db = b->db;
	double w[IEDU_KIND_COUNT + 1], total = 0, acc = 0;
	size_t base = 0;
	int k;

	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		size_t n = b->staged[k],
		       m = n < SPLIT_SAMPLES ? n : SPLIT_SAMPLES;
		size_t i, refs = 0;
		for (i = 0; i < m; i++) {
			size_t j = (size_t)((uint64_t)i * n / m);
			each_ref(b,
				 make_handle((iedu_kind)k,
					     db->kinds[k].count + (uint32_t)j),
				 count_fn, &refs);
		}
		/* every record costs its visit, a reference about four */
		w[k] =
		    m ? (double)n * (1.0 + 4.0 * (double)refs / (double)m) : 0;
		total += w[k];
	}
	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		size_t n = b->staged[k];
		if (w[k] > 0 && acc + w[k] >= total / 2) {
			double f = (total / 2 - acc) / w[k];
			return base + (size_t)(f * (double)n);
		}
		acc += w[k];
		base += n;
	}
	return b->nrecords / 2;
}

int batch_commit(iedu_batch *b)
{
	resolver rs[2];
	int k, i, rc, in_two = split(b);

	memset(rs, 0, sizeof rs);
	for (i = 0; i < 2; i++)
		rs[i].b = b;
	rs[0].to = rs[1].from = in_two ? split_point(b) : b->nrecords;
	rs[1].to = b->nrecords;
	b->db->commit_threads = 0;
	if (run_parts(resolve_part, &rs[0], in_two ? &rs[1] : NULL, in_two))
		b->db->commit_threads |= 1u;
	if ((rc = resolve_result(b, rs)) == 0)
		rc = apply(b, rs, in_two);
	resolvers_free(rs);
	if (rc)
		return rc;
	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		b->db->kinds[k].count += b->staged[k];
		b->staged[k] = 0;
	}
	return 0;
}

void batch_rollback(iedu_batch *b)
{
	iedu_db *db = b->db;
	uint32_t j;
	int k;

	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		kind_store *st = &db->kinds[k];
		for (j = 0; j < b->staged[k]; j++) {
			const uint32_t *r =
			    st->slots + (size_t)(st->count + j) * st->stride;
			if (r[REC_ATTR0])
				strtab_tag_set(&db->strings, r[REC_ATTR0], 0);
		}
		b->staged[k] = 0;
	}
	strtab_rollback(&db->strings, b->str_mark);
	db->nchildren = b->child_mark;
	db->nlists = b->list_mark;
	b->nrecords = 0;
	b->nlocs = 0;
	b->rec_open = b->child_open = 0;
}
