/*
 * candidate.c — the admission pipeline: names, the fold of a case's events into its state,
 * the replay that checks a new or corrected event, the next steps and the next deadline.
 */
#include "core/candidate.h"

#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "util/buf.h"
#include "util/msgs.h"
#include "util/vn.h"
#include "util/xalloc.h"

/* --- names --- */

static const char *const stage_names[STAGE__MAX] = {
	[STAGE_NONE] = "Chưa vào danh sách",
	[STAGE_SOURCE] = "Nguồn",
	[STAGE_HELPER] = "Giúp đỡ",
	[STAGE_COURSE] = "Học lớp",
	[STAGE_DOSSIER] = "Hồ sơ",
	[STAGE_CELL] = "Chi bộ xét",
	[STAGE_COMMITTEE] = "Đảng ủy cơ sở xét",
	[STAGE_DECISION] = "Quyết định",
	[STAGE_CEREMONY] = "Kết nạp",
	[STAGE_PROBATION] = "Dự bị",
	[STAGE_RECOGNITION] = "Chính thức",
};

struct word {
	const char *word; /* command-line word */
	const char *name; /* Vietnamese */
};

static const struct word ev_words[EV__MAX] = {
	[EV_SOURCE] = {"source", "Vào danh sách nguồn"},
	[EV_HELPER] = {"helper", "Phân công đảng viên giúp đỡ"},
	[EV_COURSE] = {"course", "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng"},
	[EV_DOCUMENT] = {"document", "Tài liệu hồ sơ"},
	[EV_CELL_VOTE] = {"cell-vote", "Chi bộ xét, biểu quyết đề nghị kết nạp"},
	[EV_APPRAISAL] = {"appraisal", "Đảng ủy bộ phận thẩm định"},
	[EV_COMMITTEE_VOTE] = {"committee-vote", "Đảng ủy cơ sở xét, biểu quyết"},
	[EV_DECISION] = {"decision", "Quyết định kết nạp"},
	[EV_CEREMONY] = {"ceremony", "Lễ kết nạp"},
	[EV_ASSESSMENT] = {"assessment", "Kiểm điểm, nhận xét trong thời gian dự bị"},
	[EV_RECOG_CELL_VOTE] = {"recognition-vote", "Chi bộ xét công nhận đảng viên chính thức"},
	[EV_RECOG_COMMITTEE_VOTE] = {"recognition-committee-vote",
		"Đảng ủy cơ sở xét công nhận đảng viên chính thức"},
	[EV_RECOG_DECISION] = {"recognition", "Quyết định công nhận đảng viên chính thức"},
	[EV_STRIKE_OFF] = {"strike-off", "Quyết định xóa tên đảng viên dự bị"},
	[EV_LEAVE] = {"leave", "Ra khỏi danh sách"},
	[EV_EXCEPTION] = {"exception", "Ghi nhận trường hợp ngoại lệ"},
};

static const struct word doc_words[DOC__MAX] = {
	[DOC_APPLICATION] = {"application", NULL},
	[DOC_HISTORY] = {"history", NULL},
	[DOC_VERIFICATION] = {"verification", NULL},
	[DOC_INTRODUCTION] = {"introduction", NULL},
	[DOC_YOUTH_RESOLUTION] = {"youth-resolution", NULL},
	[DOC_UNION_RESOLUTION] = {"union-resolution", NULL},
	[DOC_WORK_OPINION] = {"work-opinion", NULL},
	[DOC_HOME_OPINION] = {"home-opinion", NULL},
};

static const struct word exc_words[EXC__MAX] = {
	[EXC_OVER_60] = {"over-60", "Văn bản đồng ý kết nạp người trên 60 tuổi"},
	[EXC_EDUCATION] = {"education",
		"Trường hợp đặc biệt về trình độ học vấn (vùng sâu, vùng xa, đồng bào dân tộc "
		"thiểu số)"},
	[EXC_LATE_CEREMONY] = {"late-ceremony", "Văn bản đồng ý tổ chức lễ kết nạp muộn"},
	[EXC_DECISION_EXTENSION] = {"decision-extension", "Gia hạn thời hạn quyết định kết nạp"},
	[EXC_RECOGNITION_EXTENSION] = {"recognition-extension",
		"Gia hạn thời hạn quyết định công nhận đảng viên chính thức"},
};

static const struct word source_words[SRC__MAX] = {
	[SRC_CELL] = {"cell", "Chi bộ"},
	[SRC_YOUTH] = {"youth", "Đoàn Thanh niên"},
	[SRC_WOMEN] = {"women", "Hội Liên hiệp Phụ nữ"},
	[SRC_UNION] = {"union", "Công đoàn"},
	[SRC_FARMERS] = {"farmers", "Hội Nông dân"},
	[SRC_VETERANS] = {"veterans", "Hội Cựu chiến binh"},
	[SRC_FRONT] = {"front", "Mặt trận Tổ quốc"},
};

static const struct word assess_words[ASSESS__MAX] = {
	[ASSESS_SELF] = {"self", "Bản tự kiểm điểm của đảng viên dự bị"},
	[ASSESS_HELPER] = {"helper", "Bản nhận xét của đảng viên giúp đỡ"},
};

static const char *const outcome_names[OUTCOME__MAX] = {
	[OUTCOME_OPEN] = "Đang xem xét",
	[OUTCOME_OFFICIAL] = "Đã công nhận đảng viên chính thức",
	[OUTCOME_STRUCK_OFF] = "Đã xóa tên khỏi danh sách đảng viên dự bị",
	[OUTCOME_LEFT] = "Đã ra khỏi danh sách",
};

static const char *const due_names[DUE__MAX] = {
	[DUE_CERTIFICATE] = "Giấy chứng nhận học lớp hết hạn (chi bộ phải xét trước ngày này)",
	[DUE_DOSSIER] = "Hồ sơ quá 12 tháng (làm lại giới thiệu, nghị quyết, nhận xét)",
	[DUE_DECISION] = "Hạn quyết định kết nạp",
	[DUE_CEREMONY] = "Hạn tổ chức lễ kết nạp",
	[DUE_PROBATION_END] = "Hết thời gian dự bị",
	[DUE_RECOG_MEETING] = "Hạn chi bộ xét công nhận đảng viên chính thức",
	[DUE_RECOG_DECISION] = "Hạn quyết định công nhận đảng viên chính thức",
};

const char *core_stage_name(enum cand_stage s)
{
	return s >= 0 && s < STAGE__MAX ? stage_names[s] : "";
}

const char *core_cand_ev_name(enum cand_ev k)
{
	return k > 0 && k < EV__MAX ? ev_words[k].name : "";
}

const char *core_cand_exc_name(enum cand_exc k)
{
	return k > 0 && k < EXC__MAX ? exc_words[k].name : "";
}

const char *core_cand_source_name(enum cand_source s)
{
	return s > 0 && s < SRC__MAX ? source_words[s].name : "";
}

const char *core_cand_outcome_name(enum cand_outcome o)
{
	return o >= 0 && o < OUTCOME__MAX ? outcome_names[o] : "";
}

const char *core_cand_assess_name(enum cand_assess a)
{
	return a > 0 && a < ASSESS__MAX ? assess_words[a].name : "";
}

const char *core_due_name(enum due_kind k)
{
	return k > 0 && k < DUE__MAX ? due_names[k] : "";
}

const char *core_cand_ev_word(enum cand_ev k)
{
	return k > 0 && k < EV__MAX ? ev_words[k].word : "";
}

const char *core_doc_word(enum doc_kind k)
{
	return k > 0 && k < DOC__MAX ? doc_words[k].word : "";
}

const char *core_cand_exc_word(enum cand_exc k)
{
	return k > 0 && k < EXC__MAX ? exc_words[k].word : "";
}

const char *core_cand_source_word(enum cand_source s)
{
	return s > 0 && s < SRC__MAX ? source_words[s].word : "";
}

/*
 * Finds s among the words of table (or their Vietnamese names, or extra names given by
 * name_of), comparing folded text. Returns the index or -1.
 */
static int word_find(
	const char *s, size_t len, const struct word *table, int n, const char *(*name_of)(int))
{
	struct buf in = BUF_INIT, w = BUF_INIT;
	int found = -1;
	vn_fold(s, len, &in);
	for (int i = 1; i < n && found < 0 && in.len; i++) {
		const char *cands[3] = {table[i].word, table[i].name, name_of ? name_of(i) : NULL};
		for (int k = 0; k < 3 && found < 0; k++) {
			if (!cands[k])
				continue;
			buf_reset(&w);
			vn_fold(cands[k], strlen(cands[k]), &w);
			if (strcmp(w.s, in.s) == 0)
				found = i;
		}
	}
	buf_free(&in);
	buf_free(&w);
	return found;
}

static const char *doc_name_of(int i)
{
	return core_doc_name((enum doc_kind)i);
}

enum ptdv_err core_cand_ev_parse(const char *s, enum cand_ev *out)
{
	int i = word_find(s, strlen(s), ev_words, EV__MAX, NULL);
	if (i < 0)
		return PTDV_INVALID;
	*out = (enum cand_ev)i;
	return PTDV_OK;
}

enum ptdv_err core_doc_parse(const char *s, enum doc_kind *out)
{
	int i = word_find(s, strlen(s), doc_words, DOC__MAX, doc_name_of);
	if (i < 0)
		return PTDV_INVALID;
	*out = (enum doc_kind)i;
	return PTDV_OK;
}

enum ptdv_err core_cand_exc_parse(const char *s, enum cand_exc *out)
{
	int i = word_find(s, strlen(s), exc_words, EXC__MAX, NULL);
	if (i < 0)
		return PTDV_INVALID;
	*out = (enum cand_exc)i;
	return PTDV_OK;
}

enum ptdv_err core_cand_assess_parse(const char *s, enum cand_assess *out)
{
	int i = word_find(s, strlen(s), assess_words, ASSESS__MAX, NULL);
	if (i < 0)
		return PTDV_INVALID;
	*out = (enum cand_assess)i;
	return PTDV_OK;
}

/* Usual short names of the referring organisations, folded. */
static const struct {
	const char *folded;
	enum cand_source src;
} source_aliases[] = {
	{"doan tn", SRC_YOUTH},
	{"doan", SRC_YOUTH},
	{"doan thanh nien cong san ho chi minh", SRC_YOUTH},
	{"hoi lhpn", SRC_WOMEN},
	{"phu nu", SRC_WOMEN},
	{"hoi phu nu", SRC_WOMEN},
	{"hoi nd", SRC_FARMERS},
	{"nong dan", SRC_FARMERS},
	{"hoi ccb", SRC_VETERANS},
	{"cuu chien binh", SRC_VETERANS},
	{"mttq", SRC_FRONT},
	{"mat tran", SRC_FRONT},
	{"chi bo tu phat hien", SRC_CELL},
};

const char *core_cand_close_name(enum cand_ev k)
{
	return k == EV_LEAVE ? "Ra khỏi danh sách" : k == EV_STRIKE_OFF ? "Xóa tên" : NULL;
}

enum ptdv_err core_cand_close_parse(const char *s, size_t len, enum cand_ev *out)
{
	static const enum cand_ev kinds[] = {EV_LEAVE, EV_STRIKE_OFF};
	struct buf in = BUF_INIT, name = BUF_INIT;
	enum ptdv_err err = PTDV_INVALID;
	vn_fold(s, len, &in);
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]) && err; k++) {
		const char *n = core_cand_close_name(kinds[k]);
		buf_reset(&name);
		vn_fold(n, strlen(n), &name);
		if (in.len && strcmp(in.s, name.s) == 0) {
			*out = kinds[k];
			err = PTDV_OK;
		}
	}
	buf_free(&in);
	buf_free(&name);
	return err;
}

enum ptdv_err core_cand_source_parse(const char *s, size_t len, enum cand_source *out)
{
	int i = word_find(s, len, source_words, SRC__MAX, NULL);
	if (i >= 0) {
		*out = (enum cand_source)i;
		return PTDV_OK;
	}
	struct buf in = BUF_INIT;
	enum ptdv_err err = PTDV_INVALID;
	vn_fold(s, len, &in);
	for (size_t k = 0; k < sizeof(source_aliases) / sizeof(source_aliases[0]); k++) {
		if (strcmp(in.s, source_aliases[k].folded) == 0) {
			*out = source_aliases[k].src;
			err = PTDV_OK;
			break;
		}
	}
	buf_free(&in);
	return err;
}

void core_cand_event_clear(struct cand_event *e)
{
	if (!e)
		return;
	free(e->ref_label);
	free(e->number);
	free(e->text);
	free(e->recorded_by);
	memset(e, 0, sizeof(*e));
}

/* --- order and fold --- */

/* Position of an event among events of the same day. */
static int rank(const struct cand_event *e)
{
	static const int r[EV__MAX] = {
		[EV_SOURCE] = 0,
		[EV_EXCEPTION] = 1,
		[EV_HELPER] = 2,
		[EV_COURSE] = 3,
		[EV_DOCUMENT] = 4,
		[EV_CELL_VOTE] = 5,
		[EV_APPRAISAL] = 6,
		[EV_COMMITTEE_VOTE] = 7,
		[EV_DECISION] = 8,
		[EV_CEREMONY] = 9,
		[EV_ASSESSMENT] = 11,
		[EV_RECOG_CELL_VOTE] = 12,
		[EV_RECOG_COMMITTEE_VOTE] = 13,
		[EV_RECOG_DECISION] = 14,
		[EV_STRIKE_OFF] = 15,
		[EV_LEAVE] = 16,
	};
	if (e->kind == EV_HELPER && e->sub == HELPER_PROBATION)
		return 10;
	return e->kind > 0 && e->kind < EV__MAX ? r[e->kind] : 99;
}

static int event_cmp(const void *a, const void *b)
{
	const struct cand_event *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	int rx = rank(x), ry = rank(y);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

void core_candidate_sort(struct cand_event *ev, size_t n)
{
	if (n > 1)
		qsort(ev, n, sizeof(*ev), event_cmp);
}

static void state_init(struct cand_state *s)
{
	memset(s, 0, sizeof(*s));
	for (int k = 0; k < STAGE__MAX; k++)
		s->entered[k] = DATE_NONE;
	s->closed = DATE_NONE;
	s->probation_end = DATE_NONE;
}

static bool same_introducer(const struct cand_event *a, const struct cand_event *b)
{
	if (a->ref || b->ref)
		return a->ref == b->ref;
	return a->ref_label && b->ref_label && strcmp(a->ref_label, b->ref_label) == 0;
}

static void enter(struct cand_state *s, enum cand_stage k, date_t d)
{
	if (s->entered[k] == DATE_NONE)
		s->entered[k] = d;
	if (k > s->stage)
		s->stage = k;
}

static void apply(struct cand_state *s, const struct cand_event *e)
{
	s->last[e->kind] = e;
	switch (e->kind) {
	case EV_SOURCE:
		enter(s, STAGE_SOURCE, e->date);
		break;
	case EV_HELPER:
		s->helper = e;
		if (e->sub != HELPER_PROBATION)
			enter(s, STAGE_HELPER, e->date);
		break;
	case EV_COURSE:
		enter(s, STAGE_COURSE, e->date);
		break;
	case EV_DOCUMENT:
		enter(s, STAGE_DOSSIER, e->date);
		if (e->sub > 0 && e->sub < DOC__MAX)
			s->doc[e->sub] = e;
		if (e->sub == DOC_INTRODUCTION) {
			size_t i = 0;
			while (i < s->nintro && !same_introducer(s->intro[i], e))
				i++;
			if (i < s->nintro)
				s->intro[i] = e;
			else if (s->nintro < CAND_MAX_INTRO)
				s->intro[s->nintro++] = e;
		}
		break;
	case EV_CELL_VOTE:
		enter(s, STAGE_CELL, e->date);
		break;
	case EV_COMMITTEE_VOTE:
		enter(s, STAGE_COMMITTEE, e->date);
		break;
	case EV_DECISION:
		enter(s, STAGE_DECISION, e->date);
		break;
	case EV_CEREMONY: {
		struct rule_set rs;
		core_rules_default(e->date, &rs);
		enter(s, STAGE_CEREMONY, e->date);
		enter(s, STAGE_PROBATION, e->date);
		s->probation_end = core_rule_probation_end(rs.r[RULE_PROBATION], e->date);
		break;
	}
	case EV_ASSESSMENT:
		if (e->sub > 0 && e->sub < ASSESS__MAX)
			s->assess[e->sub] = e;
		break;
	case EV_RECOG_CELL_VOTE:
		enter(s, STAGE_RECOGNITION, e->date);
		break;
	case EV_RECOG_DECISION:
		s->outcome = OUTCOME_OFFICIAL;
		s->closed = e->date;
		break;
	case EV_STRIKE_OFF:
		s->outcome = OUTCOME_STRUCK_OFF;
		s->closed = e->date;
		break;
	case EV_LEAVE:
		s->outcome = OUTCOME_LEFT;
		s->closed = e->date;
		break;
	case EV_EXCEPTION:
		if (e->sub > 0 && e->sub < EXC__MAX && !s->exc[e->sub])
			s->exc[e->sub] = e;
		break;
	default:
		break;
	}
}

void core_candidate_fold(
	const struct cand_event *ev, size_t n, date_t as_of, int64_t skip, struct cand_state *s)
{
	state_init(s);
	for (size_t i = 0; i < n; i++) {
		const struct cand_event *e = &ev[i];
		if (e->superseded || (skip && e->id == skip) || e->date > as_of)
			continue;
		apply(s, e);
	}
}

static date_t ev_date(const struct cand_event *e)
{
	return e ? e->date : DATE_NONE;
}

static date_t min_date(date_t a, date_t b)
{
	if (a == DATE_NONE)
		return b;
	if (b == DATE_NONE)
		return a;
	return a < b ? a : b;
}

void core_candidate_summarize(const struct cand_state *s, struct cand_summary *out)
{
	memset(out, 0, sizeof(*out));
	out->stage = s->stage;
	out->outcome = s->outcome;
	out->closed = s->closed;
	memcpy(out->entered, s->entered, sizeof(out->entered));
	out->cert = ev_date(s->last[EV_COURSE]);
	out->redo = DATE_NONE;
	for (int k = 1; k < DOC__MAX; k++) {
		if (k != DOC_INTRODUCTION && core_doc_expires((enum doc_kind)k))
			out->redo = min_date(out->redo, ev_date(s->doc[k]));
	}
	for (size_t i = 0; i < s->nintro; i++)
		out->redo = min_date(out->redo, s->intro[i]->date);
	const struct cand_event *d = s->last[EV_DECISION];
	out->received = d ? (d->date2 != DATE_NONE ? d->date2 : d->date) : DATE_NONE;
	out->recog_committee = ev_date(s->last[EV_RECOG_COMMITTEE_VOTE]);
	for (int k = 0; k < EXC__MAX; k++)
		out->exc[k] = k ? ev_date(s->exc[k]) : DATE_NONE;
	const struct cand_event *src = s->last[EV_SOURCE];
	out->source = src && src->sub > SRC_CELL && src->sub < SRC__MAX ? (enum cand_source)src->sub
									: SRC_CELL;
}

static date_t cut(date_t v, date_t d)
{
	return v != DATE_NONE && v > d ? DATE_NONE : v;
}

void core_candidate_summary_at(const struct cand_summary *in, date_t d, struct cand_summary *out)
{
	*out = *in;
	out->stage = STAGE_NONE;
	for (int k = 1; k < STAGE__MAX; k++) {
		out->entered[k] = cut(in->entered[k], d);
		if (out->entered[k] != DATE_NONE)
			out->stage = (enum cand_stage)k;
	}
	if (in->closed != DATE_NONE && in->closed > d) {
		out->closed = DATE_NONE;
		out->outcome = OUTCOME_OPEN;
	}
	out->cert = cut(in->cert, d);
	out->redo = cut(in->redo, d);
	out->received = cut(in->received, d);
	out->recog_committee = cut(in->recog_committee, d);
	for (int k = 0; k < EXC__MAX; k++)
		out->exc[k] = cut(in->exc[k], d);
}

/* --- checks --- */

#define ORDER_FIELD "Thứ tự các bước"

static void order_fail(
	struct msgs *out, const struct cand_event *e, const struct cand_state *s, const char *need)
{
	char a[DATE_STRLEN];
	msgs_add(out, 0, ORDER_FIELD, "chưa thể ghi '%s' ngày %s: hồ sơ đang ở giai đoạn '%s'; %s",
		core_cand_ev_name(e->kind), date_format(e->date, a), core_stage_name(s->stage),
		need);
}

/* The stage a case must have reached for an event of this kind, and may not have passed. */
static int order_check(const struct cand_ctx *ctx, const struct cand_state *s,
	const struct cand_event *e, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	enum cand_stage st = s->stage;
	bool probation = st == STAGE_PROBATION || st == STAGE_RECOGNITION;
	if (s->outcome != OUTCOME_OPEN) {
		msgs_add(out, 0, ORDER_FIELD, "hồ sơ đã kết thúc ngày %s (%s); không ghi thêm '%s'",
			date_format(s->closed, a), core_cand_outcome_name(s->outcome),
			core_cand_ev_name(e->kind));
		return 1;
	}
	if (e->kind != EV_SOURCE && st == STAGE_NONE) {
		order_fail(out, e, s, "người này chưa vào danh sách nguồn");
		return 1;
	}
	const char *need = NULL;
	switch (e->kind) {
	case EV_SOURCE:
		if (st != STAGE_NONE)
			need = "đã vào danh sách nguồn";
		break;
	case EV_HELPER:
		if (e->sub == HELPER_PROBATION ? !probation : st >= STAGE_CEREMONY)
			need = e->sub == HELPER_PROBATION
				       ? "phân công giúp đỡ đảng viên dự bị chỉ sau lễ kết nạp"
				       : "đã kết nạp: phân công giúp đỡ đảng viên dự bị";
		break;
	case EV_COURSE:
		if (st < STAGE_HELPER)
			need = "cần phân công đảng viên giúp đỡ trước";
		else if (st >= STAGE_CELL)
			need = "chi bộ đã xét";
		break;
	case EV_DOCUMENT:
		if (st < STAGE_COURSE)
			need = "cần giấy chứng nhận học lớp trước";
		else if (st >= STAGE_CELL)
			need = "chi bộ đã xét";
		break;
	case EV_CELL_VOTE:
		if (st != STAGE_DOSSIER)
			need = st < STAGE_DOSSIER ? "cần hồ sơ trước" : "chi bộ đã xét";
		break;
	case EV_APPRAISAL:
		if (!ctx->under_sub)
			need = "chi bộ không trực thuộc đảng bộ bộ phận";
		else if (st != STAGE_CELL || s->last[EV_APPRAISAL])
			need = "thẩm định chỉ sau khi chi bộ xét, một lần";
		break;
	case EV_COMMITTEE_VOTE:
		if (ctx->base_cell)
			need = "chi bộ cơ sở trình thẳng cấp ủy cấp trên";
		else if (st != STAGE_CELL)
			need = st < STAGE_CELL ? "cần chi bộ xét trước" : "đảng ủy cơ sở đã xét";
		else if (ctx->under_sub && !s->last[EV_APPRAISAL])
			need = "cần đảng ủy bộ phận thẩm định trước";
		break;
	case EV_DECISION:
		if (st != (ctx->base_cell ? STAGE_CELL : STAGE_COMMITTEE))
			need = st > STAGE_COMMITTEE ? "đã có quyết định"
			       : ctx->base_cell     ? "cần chi bộ xét trước"
						    : "cần đảng ủy cơ sở xét trước";
		break;
	case EV_CEREMONY:
		if (st != STAGE_DECISION)
			need = st < STAGE_DECISION ? "cần quyết định kết nạp trước" : "đã kết nạp";
		break;
	case EV_ASSESSMENT:
		if (!probation)
			need = "chỉ trong thời gian dự bị";
		break;
	case EV_RECOG_CELL_VOTE:
		if (st != STAGE_PROBATION)
			need = st < STAGE_PROBATION ? "chưa kết nạp" : "chi bộ đã xét công nhận";
		break;
	case EV_RECOG_COMMITTEE_VOTE:
		if (ctx->base_cell)
			need = "chi bộ cơ sở trình thẳng cấp ủy cấp trên";
		else if (st != STAGE_RECOGNITION || s->last[EV_RECOG_COMMITTEE_VOTE])
			need = st < STAGE_RECOGNITION ? "cần chi bộ xét công nhận trước"
						      : "đảng ủy cơ sở đã xét";
		break;
	case EV_RECOG_DECISION:
		if (st != STAGE_RECOGNITION)
			need = "cần chi bộ xét công nhận trước";
		else if (!ctx->base_cell && !s->last[EV_RECOG_COMMITTEE_VOTE])
			need = "cần đảng ủy cơ sở xét công nhận trước";
		break;
	case EV_STRIKE_OFF:
		if (!probation)
			need = "chỉ xóa tên đảng viên dự bị";
		break;
	case EV_LEAVE:
		/* After the ceremony only when the membership ended otherwise (app/ checks). */
		break;
	case EV_EXCEPTION:
	default:
		break;
	}
	if (need) {
		order_fail(out, e, s, need);
		return 1;
	}
	/* Dates go forward: not before the stage the case is in (nor the source list). */
	date_t since = s->entered[st];
	if (e->kind == EV_HELPER && e->sub != HELPER_PROBATION)
		since = s->entered[STAGE_SOURCE];
	if (e->kind == EV_DOCUMENT || e->kind == EV_COURSE)
		since = s->entered[e->kind == EV_DOCUMENT ? STAGE_COURSE : STAGE_HELPER];
	if (e->kind == EV_EXCEPTION || e->kind == EV_LEAVE)
		since = s->entered[STAGE_SOURCE];
	if (e->kind == EV_CEREMONY && s->last[EV_DECISION] &&
		s->last[EV_DECISION]->date2 != DATE_NONE)
		since = s->last[EV_DECISION]->date2;
	if (since != DATE_NONE && e->date < since) {
		msgs_add(out, 0, ORDER_FIELD, "'%s' ngày %s trước ngày %s của bước trước",
			core_cand_ev_name(e->kind), date_format(e->date, a), date_format(since, b));
		return 1;
	}
	return 0;
}

static date_t exc_date(const struct cand_state *s, enum cand_exc k)
{
	return ev_date(s->exc[k]);
}

static const struct rule_introducer *introducer_of(
	const struct cand_ctx *ctx, const struct cand_event *e)
{
	for (size_t i = 0; i < ctx->nintroducers; i++) {
		if (ctx->introducers[i].event_id == e->id)
			return &ctx->introducers[i];
	}
	return NULL;
}

/* Rules 1–7 at the cell's vote. */
static int check_cell_vote(const struct cand_ctx *ctx, const struct cand_state *s,
	const struct cand_event *e, struct msgs *out)
{
	const struct rule_set *R = ctx->rules;
	date_t review = e->date;
	int failed = 0;
	failed += core_rule_check_age(
		R->r[RULE_AGE], ctx->person->birth_date, review, DATE_NONE, DATE_NONE, out);
	failed += core_rule_check_education(R->r[RULE_EDUCATION], ctx->person->education, review,
		exc_date(s, EXC_EDUCATION), out);
	failed +=
		core_rule_check_course(R->r[RULE_COURSE], ev_date(s->last[EV_COURSE]), review, out);

	/* The introductions in use: the fresh ones when they are enough, else all. */
	date_t youth = ev_date(s->doc[DOC_YOUTH_RESOLUTION]);
	date_t uni = ev_date(s->doc[DOC_UNION_RESOLUTION]);
	int need = R->r[RULE_INTRODUCERS]->p[P_INTRO_COUNT].value;
	if ((youth != DATE_NONE && ctx->person->youth_union == TRI_YES) || uni != DATE_NONE)
		need--;
	int max_months = R->r[RULE_DOSSIER_AGE]->p[P_DOSSIER_MAX_MONTHS].value;
	size_t fresh = 0;
	for (size_t i = 0; i < s->nintro; i++)
		fresh += date_add_months(s->intro[i]->date, max_months) >= review;
	bool only_fresh = (int)fresh >= need;
	struct rule_doc docs[DOC__MAX + CAND_MAX_INTRO];
	struct rule_introducer in[CAND_MAX_INTRO];
	size_t ndocs = 0, nin = 0;
	for (int k = 1; k < DOC__MAX; k++) {
		if (k != DOC_INTRODUCTION && core_doc_expires((enum doc_kind)k) && s->doc[k])
			docs[ndocs++] = (struct rule_doc){(enum doc_kind)k, s->doc[k]->date, NULL};
	}
	for (size_t i = 0; i < s->nintro; i++) {
		const struct cand_event *x = s->intro[i];
		if (only_fresh && date_add_months(x->date, max_months) < review)
			continue;
		const char *who = x->ref_label ? x->ref_label : "?";
		docs[ndocs++] = (struct rule_doc){DOC_INTRODUCTION, x->date, who};
		const struct rule_introducer *f = introducer_of(ctx, x);
		if (f) {
			in[nin] = *f;
		} else {
			in[nin] = (struct rule_introducer){.name = who,
				.introduced = x->date,
				.official = DATE_NONE,
				.together_since = x->date2,
				.event_id = x->id};
		}
		in[nin].introduced = x->date;
		if (in[nin].together_since == DATE_NONE)
			in[nin].together_since = x->date2;
		nin++;
	}
	failed += core_rule_check_dossier_age(R->r[RULE_DOSSIER_AGE], docs, ndocs, review, out);
	failed += core_rule_check_introducers(
		R->r[RULE_INTRODUCERS], in, nin, youth, uni, ctx->person->youth_union, out);
	date_t have[DOC__MAX];
	for (int k = 0; k < DOC__MAX; k++)
		have[k] = k ? ev_date(s->doc[k]) : DATE_NONE;
	failed += core_rule_check_dossier_complete(
		R->r[RULE_DOSSIER_COMPLETE], have, (int)s->nintro, review, out);
	if (!ctx->skip_votes)
		failed += core_rule_check_vote(R->r[RULE_VOTE], "Chi bộ", "đảng viên chính thức",
			ctx->cell_official, e->votes[2], out);
	return failed;
}

/* Votes must add up: yes <= present <= the body. */
static int check_numbers(const struct cand_event *e, int base, struct msgs *out)
{
	int failed = 0;
	if (e->votes[1] < 0 || e->votes[2] < 0) {
		msgs_add(out, 0, "Biểu quyết", "số có mặt và số tán thành phải không âm");
		return 1;
	}
	if (e->votes[2] > e->votes[1]) {
		msgs_add(out, 0, "Biểu quyết", "%d tán thành nhiều hơn %d có mặt", e->votes[2],
			e->votes[1]);
		failed++;
	}
	if (base >= 0 && e->votes[1] > base) {
		msgs_add(out, 0, "Biểu quyết", "%d có mặt nhiều hơn %d người được biểu quyết",
			e->votes[1], base);
		failed++;
	}
	return failed;
}

/* Every rule of the transition made by e, on state s. */
static int check_rules(const struct cand_ctx *ctx, const struct cand_state *s,
	const struct cand_event *e, struct msgs *out)
{
	const struct rule_set *R = ctx->rules;
	int failed = 0;
	switch (e->kind) {
	case EV_SOURCE:
		if (ctx->prior_active) {
			msgs_add(out, 0, "Người vào Đảng", "người này đang là đảng viên");
			failed++;
		} else if (ctx->prior_exit != DATE_NONE) {
			failed += core_rule_check_readmission(R->r[RULE_READMISSION],
				ctx->prior_exit, ctx->prior_exit_reason, e->date, out);
		}
		break;
	case EV_HELPER:
		failed += core_rule_check_helper(R->r[RULE_HELPER],
			ctx->ref_name ? ctx->ref_name : "", ctx->ref_official, ctx->ref_member,
			e->date, out);
		break;
	case EV_CELL_VOTE:
		if (!ctx->skip_votes)
			failed += check_numbers(e, ctx->cell_official, out);
		failed += check_cell_vote(ctx, s, e, out);
		break;
	case EV_COMMITTEE_VOTE:
	case EV_RECOG_COMMITTEE_VOTE:
		if (ctx->skip_votes)
			break;
		if (e->votes[0] <= 0) {
			msgs_add(out, 0, "Biểu quyết", "cần số ủy viên của đảng ủy cơ sở");
			failed++;
			break;
		}
		failed += check_numbers(e, e->votes[0], out);
		failed += core_rule_check_vote(
			R->r[RULE_VOTE], "Đảng ủy cơ sở", "ủy viên", e->votes[0], e->votes[2], out);
		break;
	case EV_DECISION:
		failed += core_rule_check_decision_deadline(R->r[RULE_DECISION_DEADLINE], ctx->cal,
			s->entered[STAGE_CELL], e->date, exc_date(s, EXC_DECISION_EXTENSION), out);
		failed += core_rule_check_competent(
			R->r[RULE_COMPETENT], ctx->deciding, ctx->competent, e->date, out);
		failed += core_rule_check_age(R->r[RULE_AGE], ctx->person->birth_date,
			s->entered[STAGE_CELL], e->date, exc_date(s, EXC_OVER_60), out);
		break;
	case EV_CEREMONY: {
		const struct cand_event *d = s->last[EV_DECISION];
		date_t received = d && d->date2 != DATE_NONE ? d->date2 : ev_date(d);
		failed += core_rule_check_ceremony_deadline(R->r[RULE_CEREMONY_DEADLINE], ctx->cal,
			received, e->date, exc_date(s, EXC_LATE_CEREMONY), out);
		break;
	}
	case EV_RECOG_CELL_VOTE:
		failed += core_rule_check_probation(R->r[RULE_PROBATION],
			s->entered[STAGE_CEREMONY], e->date, ev_date(s->assess[ASSESS_SELF]),
			ev_date(s->assess[ASSESS_HELPER]), out);
		failed += core_rule_check_recognition(R->r[RULE_RECOGNITION], ctx->cal,
			s->probation_end, e->date, DATE_NONE, DATE_NONE, out);
		if (!ctx->skip_votes) {
			failed += check_numbers(e, ctx->cell_official, out);
			failed += core_rule_check_vote(R->r[RULE_VOTE], "Chi bộ",
				"đảng viên chính thức", ctx->cell_official, e->votes[2], out);
		}
		break;
	case EV_RECOG_DECISION: {
		struct rule_set at_ceremony;
		core_rules_default(s->entered[STAGE_CEREMONY], &at_ceremony);
		failed += core_rule_check_recognition(R->r[RULE_RECOGNITION], ctx->cal,
			s->probation_end, s->entered[STAGE_RECOGNITION], e->date,
			exc_date(s, EXC_RECOGNITION_EXTENSION), out);
		failed += core_rule_check_competent(
			R->r[RULE_COMPETENT], ctx->deciding, ctx->competent, e->date, out);
		failed += core_rule_check_official_date(R->r[RULE_OFFICIAL_DATE],
			at_ceremony.r[RULE_PROBATION], s->entered[STAGE_CEREMONY], s->probation_end,
			out);
		break;
	}
	default:
		break;
	}
	return failed;
}

/*
 * Replays the case in pipeline order. With target set, the target replaces the event it
 * supersedes and gets every check; without, the case is replayed as it stands. fails[i]
 * is set for each other event that no longer fits where it is (order only).
 */
static int replay(const struct cand_ctx *ctx, const struct cand_event *ev, size_t n,
	const struct cand_event *target, const struct cand_event *skip, bool *fails,
	const bool *failed_before, struct msgs *out)
{
	char a[DATE_STRLEN];
	struct cand_state s;
	int failed = 0;
	state_init(&s);
	for (size_t i = 0; i < n; i++) {
		const struct cand_event *e = &ev[i];
		if (e == skip || (e != target && e->superseded))
			continue;
		if (target && e != target && target->supersedes && e->id == target->supersedes)
			continue;
		if (e == target) {
			int f = order_check(ctx, &s, e, out);
			failed += f;
			if (f == 0)
				failed += check_rules(ctx, &s, e, out);
		} else {
			struct msgs tmp;
			msgs_init(&tmp, 0);
			fails[i] = order_check(ctx, &s, e, &tmp) != 0;
			if (fails[i] && failed_before && !failed_before[i]) {
				msgs_add(out, 0, ORDER_FIELD,
					"sau thay đổi này, '%s' ngày %s (sự kiện #%lld) không còn "
					"đúng thứ tự: %s",
					core_cand_ev_name(e->kind), date_format(e->date, a),
					(long long)e->id, tmp.v[0].text);
				failed++;
			}
			msgs_free(&tmp);
		}
		apply(&s, e);
	}
	return failed;
}

int core_candidate_check(const struct cand_ctx *ctx, const struct cand_event *ev, size_t n,
	const struct cand_event *target, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	int failed = 0;
	if (target->date > ctx->today) {
		msgs_add(out, 0, "Ngày", "ngày %s ở tương lai (hôm nay là %s)",
			date_format(target->date, a), date_format(ctx->today, b));
		failed++;
	}
	/* Events already out of order stay so; only what the new event breaks is reported. */
	bool *before = xcalloc(n ? n : 1, sizeof(*before));
	bool *after = xcalloc(n ? n : 1, sizeof(*after));
	(void)replay(ctx, ev, n, NULL, target, before, NULL, NULL);
	failed += replay(ctx, ev, n, target, NULL, after, before, out);
	free(before);
	free(after);
	return failed;
}

void core_candidate_next(
	const struct cand_state *s, bool base_cell, bool under_sub, enum cand_ev out[8])
{
	int n = 0;
	if (s->outcome != OUTCOME_OPEN) {
		out[0] = 0;
		return;
	}
	switch (s->stage) {
	case STAGE_NONE:
		out[n++] = EV_SOURCE;
		break;
	case STAGE_SOURCE:
		out[n++] = EV_HELPER;
		break;
	case STAGE_HELPER:
		out[n++] = EV_COURSE;
		break;
	case STAGE_COURSE:
		out[n++] = EV_DOCUMENT;
		break;
	case STAGE_DOSSIER:
		out[n++] = EV_CELL_VOTE;
		out[n++] = EV_DOCUMENT;
		break;
	case STAGE_CELL:
		if (base_cell)
			out[n++] = EV_DECISION;
		else if (under_sub && !s->last[EV_APPRAISAL])
			out[n++] = EV_APPRAISAL;
		else
			out[n++] = EV_COMMITTEE_VOTE;
		break;
	case STAGE_COMMITTEE:
		out[n++] = EV_DECISION;
		break;
	case STAGE_DECISION:
		out[n++] = EV_CEREMONY;
		break;
	case STAGE_CEREMONY:
	case STAGE_PROBATION:
		if (!s->assess[ASSESS_SELF] || !s->assess[ASSESS_HELPER])
			out[n++] = EV_ASSESSMENT;
		out[n++] = EV_RECOG_CELL_VOTE;
		out[n++] = EV_STRIKE_OFF;
		break;
	case STAGE_RECOGNITION:
		if (!base_cell && !s->last[EV_RECOG_COMMITTEE_VOTE])
			out[n++] = EV_RECOG_COMMITTEE_VOTE;
		else
			out[n++] = EV_RECOG_DECISION;
		out[n++] = EV_STRIKE_OFF;
		break;
	default:
		break;
	}
	if (s->stage >= STAGE_SOURCE && s->stage < STAGE_CEREMONY)
		out[n++] = EV_LEAVE;
	out[n] = 0;
}

/* --- deadlines --- */

static bool earlier(struct cand_due *best, bool have, enum due_kind k, date_t due, date_t from)
{
	if (!have || due < best->due) {
		*best = (struct cand_due){k, due, from};
		return true;
	}
	return have;
}

bool core_candidate_due(
	const struct cand_summary *sum, struct calendar *cal, date_t as_of, struct cand_due *out)
{
	struct cand_summary s;
	struct rule_set R;
	bool have = false;
	core_candidate_summary_at(sum, as_of, &s);
	if (s.stage == STAGE_NONE || s.outcome != OUTCOME_OPEN)
		return false;
	switch (s.stage) {
	case STAGE_SOURCE:
	case STAGE_HELPER:
	case STAGE_COURSE:
	case STAGE_DOSSIER:
		if (s.cert != DATE_NONE) {
			core_rules_default(s.cert, &R);
			have = earlier(out, have, DUE_CERTIFICATE,
				date_add_months(
					s.cert, R.r[RULE_COURSE]->p[P_COURSE_VALID_MONTHS].value),
				s.cert);
		}
		if (s.redo != DATE_NONE) {
			core_rules_default(s.redo, &R);
			have = earlier(out, have, DUE_DOSSIER,
				date_add_months(s.redo,
					R.r[RULE_DOSSIER_AGE]->p[P_DOSSIER_MAX_MONTHS].value),
				s.redo);
		}
		return have;
	case STAGE_CELL:
	case STAGE_COMMITTEE: {
		date_t from = s.entered[STAGE_CELL];
		core_rules_default(from, &R);
		const struct rule *r = R.r[RULE_DECISION_DEADLINE];
		int n = r->p[P_DECISION_WORKING_DAYS].value;
		date_t due = core_calendar_add_working(cal, from, n);
		date_t ext = s.exc[EXC_DECISION_EXTENSION];
		if (ext != DATE_NONE && ext <= due)
			due = core_calendar_add_working(
				cal, from, n + r->p[P_DECISION_EXTENSION].value);
		*out = (struct cand_due){DUE_DECISION, due, from};
		return true;
	}
	case STAGE_DECISION: {
		if (s.exc[EXC_LATE_CEREMONY] != DATE_NONE)
			return false;
		date_t from = s.received != DATE_NONE ? s.received : s.entered[STAGE_DECISION];
		core_rules_default(from, &R);
		*out = (struct cand_due){DUE_CEREMONY,
			core_calendar_add_working(cal, from,
				R.r[RULE_CEREMONY_DEADLINE]->p[P_CEREMONY_WORKING_DAYS].value),
			from};
		return true;
	}
	case STAGE_CEREMONY:
	case STAGE_PROBATION: {
		date_t ceremony = s.entered[STAGE_CEREMONY];
		core_rules_default(ceremony, &R);
		date_t end = core_rule_probation_end(R.r[RULE_PROBATION], ceremony);
		if (as_of < end) {
			*out = (struct cand_due){DUE_PROBATION_END, end, ceremony};
			return true;
		}
		core_rules_default(end, &R);
		*out = (struct cand_due){DUE_RECOG_MEETING,
			core_calendar_add_working(cal, end,
				R.r[RULE_RECOGNITION]->p[P_RECOG_MEETING_WORKING_DAYS].value),
			end};
		return true;
	}
	case STAGE_RECOGNITION: {
		date_t from = s.entered[STAGE_RECOGNITION];
		core_rules_default(from, &R);
		const struct rule *r = R.r[RULE_RECOGNITION];
		int n = r->p[P_RECOG_DECISION_WORKING_DAYS].value;
		date_t due = core_calendar_add_working(cal, from, n);
		date_t ext = s.exc[EXC_RECOGNITION_EXTENSION];
		if (ext != DATE_NONE && ext <= due)
			due = core_calendar_add_working(
				cal, from, n + r->p[P_RECOG_EXTENSION].value);
		*out = (struct cand_due){DUE_RECOG_DECISION, due, from};
		return true;
	}
	default:
		return false;
	}
}

static date_t max_date(date_t a, date_t b)
{
	return a == DATE_NONE ? b : b == DATE_NONE ? a : a > b ? a : b;
}

date_t core_candidate_summary_last(const struct cand_summary *s)
{
	date_t last = max_date(s->closed, s->cert);
	for (int k = 1; k < STAGE__MAX; k++)
		last = max_date(last, s->entered[k]);
	last = max_date(last, s->redo);
	last = max_date(last, s->received);
	last = max_date(last, s->recog_committee);
	for (int k = 1; k < EXC__MAX; k++)
		last = max_date(last, s->exc[k]);
	return last;
}

date_t core_candidate_due_floor(const struct cand_summary *s)
{
	struct calendar every = CALENDAR_INIT;
	struct cand_due d;
	date_t last = core_candidate_summary_last(s);
	every.every_day = true;
	if (last == DATE_NONE || !core_candidate_due(s, &every, last, &d))
		return DATE_NONE;
	return d.due;
}
