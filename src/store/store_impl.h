/* store_impl.h — what the store/ files share (store/ internal). */
#ifndef PTDV_STORE_STORE_IMPL_H
#define PTDV_STORE_STORE_IMPL_H

#include "store/db.h"
#include "store/store.h"
#include "util/buf.h"

struct store {
	struct db *db;
	struct buf scratch; /* reused for keys and path bounds */
	char **bulk_ddl;    /* CREATE INDEX / TRIGGER statements to rerun at store_bulk_end */
	size_t nbulk;
	bool bulk; /* between store_bulk_begin and _end: person_word is written at the end */
	enum store_bulk_kind bulk_kind;
	bool unmapped; /* a load of cases turned SQLite's memory map off (store_bulk_begin) */
	/* SQLite's page cache in KiB outside bulk loads: 0 for SQLite's own 2 MB, or
	 * STORE_CACHE_KIB once store_long_lived. */
	int cache_kib;
	/* The tables store_commit vacuums and analyzes after a PostgreSQL bulk load ("a, b"),
	 * or NULL. */
	const char *vacuum;
	struct store_bulk *rows; /* during a bulk load: its rows not yet written (store_bulk.c) */
	struct store_bulk *bulk_mem; /* the batches, kept from one load to the next */
	uint64_t db_key;             /* a hash of the URL: which database, for store_revision */
	char *url;                   /* as opened (backups of PostgreSQL run pg_dump on it) */
	int held;                    /* store_hold_read's nesting: the snapshot others join */
	bool rev_known;              /* rev is the held snapshot's revision (store_revision) */
	int64_t rev;
};

/*
 * Returns the cached statement for sql or, when it does not compile, logs and returns
 * NULL; callers turn NULL into PTDV_DB.
 */
#define STMT(st, sql) db_stmt((st)->db, (sql))

/*
 * Runs q, a lookup of at most one row, and sets *v to its first column (0 when no row);
 * ends q.
 */
/*
 * The person in columns first .. first + 9 of q's row, in the order id, full_name, gender,
 * birth_date, citizen_id, ethnicity, religion, education, occupation, youth_union; its
 * strings are q's (valid until the next step).
 */
struct person store__col_person(struct db_stmt *q, int first);
/* As store__col_person, into *out with strings of its own (NULL for NULL or "";
 * core_person_clear). */
void store__col_person_dup(struct db_stmt *q, int first, struct person *out);
/* The columns store__col_person reads, of person alias a ("ps." ...). */
#define STORE_PERSON_COLS(a) \
	a "id, " a "full_name, " a "gender, " a "birth_date, " a "citizen_id, " a "ethnicity, " a \
	  "religion, " a "education, " a "occupation, " a "youth_union"
#define STORE_PERSON_NCOLS 10
enum ptdv_err store__one_int(struct db_stmt *q, int64_t *v);
/* A counter of st's database made a revision no other database's meets (store_revision). */
int64_t store__rev_of(const struct store *st, int64_t n);

/*
 * The columns of an org aliased o, in the order store__col_org reads them: for statements
 * that read an org beside other rows (store_org.c, store_user.c).
 */
#define STORE_ORG_COLS "o.id, o.code, o.name, o.kind, o.parent_id, o.path, o.founded, o.dissolved"
#define STORE_ORG_NCOLS 8
/* Reads into o (strings copied: core_org_clear) the STORE_ORG_COLS of q from column first. */
void store__col_org(struct db_stmt *q, int first, struct org *o);

/* Writes the exclusive upper bound of the subtree at path into hi (path with its last '/' → '0'). */
void store__path_hi(const char *path, char *hi, size_t size);

/* The summary columns of candidate, in this order, after id, person_id, org_id, member_id. */
#define STORE_CASE_COLS \
	"stage, outcome, closed_on, source_on, helper_on, course_on, dossier_on, cell_on, " \
	"committee_on, decision_on, ceremony_on, recognition_on, cert_on, redo_on, " \
	"received_on, recog_committee_on, over60_on, education_on, late_ceremony_on, " \
	"decision_ext_on, recognition_ext_on, source"
#define STORE_CASE_NCOLS 22

/*
 * The columns a case's summary is written to: STORE_CASE_COLS, then two that core/ derives
 * from it for the due list (store_case_each_due): due_on, a lower bound of the case's
 * deadlines (core_candidate_due_floor), and latest_on, its latest date
 * (core_candidate_summary_last).
 */
#define STORE_CASE_WCOLS STORE_CASE_COLS ", due_on, latest_on"
#define STORE_CASE_NWCOLS (STORE_CASE_NCOLS + 2)

/* The summary's values in STORE_CASE_WCOLS order (dates as day numbers, DATE_NONE; the
 * source, a number; then the two derived dates). */
void store__case_values(const struct cand_summary *s, int64_t v[STORE_CASE_NWCOLS]);
/*
 * Fills due_on and latest_on of every case (migration 016, in its transaction), a few
 * thousand cases a read.
 */
enum ptdv_err store__case_due_fill(struct store *st);

/*
 * Bulk loads (store_bulk.c): while st->rows is set, store_person_insert,
 * store_member_insert, store_candidate_insert and store_cand_events_insert keep their rows
 * in batches and give the ids themselves (events take the table's); store_member_transfer
 * and store_member_set_recognized change a member of the batches there. Nothing may read
 * those tables before store__bulk_flush (store__bulk_sync).
 */
/* Writes org_day anew from the view member_day (after a bulk load, with its triggers off). */
enum ptdv_err store__org_days_rebuild(struct store *st);
enum ptdv_err store__bulk_start(struct store *st, enum store_bulk_kind kind);
enum ptdv_err store__bulk_flush(struct store *st);
/* Writes the batches when a bulk load has rows waiting: before reading the tables. */
enum ptdv_err store__bulk_sync(struct store *st);
/* Writes what is left and sets the identity sequences after the ids given. */
enum ptdv_err store__bulk_finish(struct store *st);
void store__bulk_stop(struct store *st);
/* Frees the batches; after the connection is closed (its statements know their SQL). */
void store__bulk_free(struct store *st);
enum ptdv_err store__bulk_person(struct store *st, struct person *p, const char *name_key,
	size_t key_len, const char *sort_key, size_t sort_len);
enum ptdv_err store__bulk_member(struct store *st, struct member *m);
/* False when member_id has no open placement in the batches. */
bool store__bulk_transfer(struct store *st, int64_t member_id, int64_t org_id, date_t day);
/* False when member_id is not in the batches. */
bool store__bulk_recognized(struct store *st, int64_t member_id, date_t day);
struct store_candidate;
enum ptdv_err store__bulk_candidate(struct store *st, struct store_candidate *c);
/* Adds one event row; data is its JSON text (copied). */
void store__bulk_event(struct store *st, const struct cand_event *e, const char *data);
/* The largest person id when the load began: people above it are the load's. */
int64_t store__bulk_first_person(const struct store *st);

/*
 * The keys of the people present before a STORE_BULK_CASES load: store__bulk_keys is true
 * while they stand in for the indexes of person. A key is a 32-bit hash of the value
 * above the person's id (ids of such a load fit 32 bits): store__bulk_find returns the
 * keys with hash h, by ascending id (STORE_KEY_ID gives it), and sets *n to their number.
 * People whose values differ may share a hash: callers compare the values.
 */
enum store_bulk_key { STORE_KEY_CID, STORE_KEY_NAME, STORE_KEY__MAX };
#define STORE_KEY_ID(k) ((int64_t)(uint32_t)(k))
bool store__bulk_keys(const struct store *st);
uint32_t store__bulk_hash_cid(const char *cid);
uint32_t store__bulk_hash_name(const char *name_key, size_t len, date_t birth);
const uint64_t *store__bulk_find(
	const struct store *st, enum store_bulk_key k, uint32_t h, size_t *n);

/* Writes the name words of the people whose id is above `after` (none in person_word), with
 * their stays (019_word_stay.sql). */
enum ptdv_err store__person_words_after(struct store *st, int64_t after);
/* Writes word_count anew from person_word (one ordered pass over it). */
enum ptdv_err store__word_counts_rebuild(struct store *st);
/*
 * The stay columns of person_word (019_word_stay.sql) are derived from member and placement
 * and written by the store after every write of either: store__person_stay sets them on
 * the rows of one person (none when the person has no words yet); store__person_stays_refresh
 * on the rows of the people chosen by people, a condition on person's columns (SQL text, no
 * parameters; NULL: everyone), in one or two passes over person_word.
 */
enum ptdv_err store__person_stay(struct store *st, int64_t person_id);
/* store__person_stay for the person of membership member_id (none: nothing). */
enum ptdv_err store__member_stay(struct store *st, int64_t member_id);
enum ptdv_err store__person_stays_refresh(struct store *st, const char *people);
/* The largest member and placement ids when the load began: rows above them are its. */
void store__bulk_first_rows(const struct store *st, int64_t *member, int64_t *placement);

#endif
