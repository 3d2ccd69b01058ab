/*
 * cli_pipeline.c — the commands of the admission pipeline: `ptdv candidate`, `ptdv due`,
 * `ptdv holiday`, `ptdv rule` and `ptdv report pipeline`. Each parses its options, calls
 * one app/ function and prints the result in Vietnamese.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_pipeline.h"
#include "cli/cli_impl.h"
#include "core/rules.h"
#include "report/pipeline.h"
#include "util/buf.h"
#include "util/vn.h"

/* Appends s padded with spaces to width characters (code points; text is NFC). */
static void pad(struct buf *out, const char *s, int width)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	buf_adds(out, s);
	for (; n < width; n++)
		buf_addc(out, ' ');
}

/* --- candidate --- */

enum {
	O_ORG,
	O_NAME,
	O_GENDER,
	O_BIRTH,
	O_CID,
	O_ETHNICITY,
	O_RELIGION,
	O_EDUCATION,
	O_OCCUPATION,
	O_YOUTH,
	O_DATE,
	O_SOURCE,
	O_NOTE,
	O_DOC,
	O_MEMBER,
	O_SINCE,
	O_UNTIL,
	O_NUMBER,
	O_ISSUER,
	O_PRESENT,
	O_YES,
	O_SIZE,
	O_SIGNER,
	O_RECEIVED,
	O_KIND,
	O_REASON,
	O_SUPERSEDES,
	O_AS_OF,
	O_STAGE,
	O_ALL,
	O__N
};

const struct cli_opt cli_candidate_opts[O__N + 1] = {
	[O_ORG] = {"org", "CODE",
		"mã chi bộ (add); mã tổ chức của danh sách (list); cấp quyết định"},
	[O_NAME] = {"name", "TEXT", "họ và tên"},
	[O_GENDER] = {"gender", "Nam|Nữ", "giới tính"},
	[O_BIRTH] = {"birth", "DATE", "ngày sinh"},
	[O_CID] = {"cid", "SỐ", "số CCCD (12 chữ số)"},
	[O_ETHNICITY] = {"ethnicity", "TEXT", "dân tộc"},
	[O_RELIGION] = {"religion", "TEXT", "tôn giáo"},
	[O_EDUCATION] = {"education", "TEXT", "trình độ học vấn (THCS, THPT, Đại học...)"},
	[O_OCCUPATION] = {"occupation", "TEXT", "nhóm nghề nghiệp"},
	[O_YOUTH] = {"youth", "Có|Không", "đoàn viên"},
	[O_DATE] = {"date", "DATE", "ngày của bước (bắt buộc)"},
	[O_SOURCE] = {"source", "NGUỒN",
		"ai giới thiệu: cell, youth, women, union, farmers, "
		"veterans, front"},
	[O_NOTE] = {"note", "TEXT", "ghi chú"},
	[O_DOC] = {"doc", "LOẠI",
		"tài liệu: application, history, verification, introduction, "
		"youth-resolution, union-resolution, work-opinion, home-opinion"},
	[O_MEMBER] = {"member", "THẺ|CCCD", "đảng viên giúp đỡ hoặc người giới thiệu"},
	[O_SINCE] = {"since", "DATE", "người giới thiệu công tác cùng người vào Đảng từ ngày"},
	[O_UNTIL] = {"until", "DATE", "giúp đỡ đến ngày"},
	[O_NUMBER] = {"number", "SỐ", "số giấy chứng nhận, nghị quyết, quyết định, văn bản"},
	[O_ISSUER] = {"issuer", "TEXT", "nơi cấp giấy chứng nhận"},
	[O_PRESENT] = {"present", "N", "số có mặt khi biểu quyết"},
	[O_YES] = {"yes", "N", "số tán thành"},
	[O_SIZE] = {"size", "N", "số ủy viên đảng ủy cơ sở"},
	[O_SIGNER] = {"signer", "TEXT", "người ký quyết định"},
	[O_RECEIVED] = {"received", "DATE", "ngày chi bộ nhận quyết định kết nạp"},
	[O_KIND] = {"kind", "LOẠI",
		"ngoại lệ: over-60, education, late-ceremony, "
		"decision-extension, recognition-extension; nhận xét: self, helper"},
	[O_REASON] = {"reason", "TEXT", "lý do (leave, strike-off)"},
	[O_SUPERSEDES] = {"supersedes", "SỰ-KIỆN", "sửa sự kiện này (ghi một sự kiện mới thay nó)"},
	[O_AS_OF] = {"as-of", "DATE", "tính đến ngày (mặc định: hôm nay)"},
	[O_STAGE] = {"stage", "N", "chỉ giai đoạn này (1–10)"},
	[O_ALL] = {"all", NULL, "cả hồ sơ đã kết thúc"},
	{0},
};

#define BIT(o) (1ull << (o))
#define PERSON_OPTS \
	(BIT(O_NAME) | BIT(O_GENDER) | BIT(O_BIRTH) | BIT(O_CID) | BIT(O_ETHNICITY) | \
		BIT(O_RELIGION) | BIT(O_EDUCATION) | BIT(O_OCCUPATION) | BIT(O_YOUTH))

/* The options each step takes besides --date, --note and --supersedes. */
static unsigned long long step_opts(enum cand_ev k)
{
	switch (k) {
	case EV_SOURCE:
		return BIT(O_SOURCE);
	case EV_HELPER:
		return BIT(O_MEMBER) | BIT(O_UNTIL);
	case EV_COURSE:
		return BIT(O_NUMBER) | BIT(O_ISSUER);
	case EV_DOCUMENT:
		return BIT(O_DOC) | BIT(O_MEMBER) | BIT(O_SINCE) | BIT(O_NUMBER);
	case EV_CELL_VOTE:
	case EV_RECOG_CELL_VOTE:
		return BIT(O_PRESENT) | BIT(O_YES) | BIT(O_NUMBER);
	case EV_COMMITTEE_VOTE:
	case EV_RECOG_COMMITTEE_VOTE:
		return BIT(O_SIZE) | BIT(O_PRESENT) | BIT(O_YES) | BIT(O_NUMBER);
	case EV_APPRAISAL:
		return BIT(O_NUMBER);
	case EV_DECISION:
		return BIT(O_NUMBER) | BIT(O_ORG) | BIT(O_SIGNER) | BIT(O_RECEIVED);
	case EV_RECOG_DECISION:
		return BIT(O_NUMBER) | BIT(O_ORG) | BIT(O_SIGNER);
	case EV_STRIKE_OFF:
		return BIT(O_NUMBER) | BIT(O_REASON);
	case EV_ASSESSMENT:
		return BIT(O_KIND);
	case EV_LEAVE:
		return BIT(O_REASON);
	case EV_EXCEPTION:
		return BIT(O_KIND) | BIT(O_NUMBER);
	default:
		return 0;
	}
}

/* Refuses options outside allowed; returns 0 or the usage exit code. */
static int only(const struct cli_cmd *c, const struct cli_args *a, unsigned long long allowed,
	const char *what)
{
	for (int i = 0; i < O__N; i++) {
		if (a->val[i] && !(allowed & BIT(i)))
			return cli_usage_error(c, "tùy chọn '--%s' không dùng cho %s",
				cli_candidate_opts[i].name, what);
	}
	return 0;
}

static bool opt_small(const struct cli_cmd *c, const struct cli_args *a, int o, int *out)
{
	int64_t v;
	if (!a->val[o])
		return true;
	if (!cli__opt_int(c, cli_candidate_opts[o].name, a->val[o], &v))
		return false;
	if (v > 100000) {
		cli_usage_error(c, "'--%s %s' quá lớn", cli_candidate_opts[o].name, a->val[o]);
		return false;
	}
	*out = (int)v;
	return true;
}

static int cand_add(const struct cli_cmd *c, struct cli_args *a)
{
	struct app_candidate_new in = {0};
	int rc = only(c, a, PERSON_OPTS | BIT(O_ORG) | BIT(O_DATE) | BIT(O_SOURCE) | BIT(O_NOTE),
		"candidate add");
	if (rc)
		return rc;
	if (a->npos != 1)
		return cli_usage_error(c, "candidate add không nhận tham số");
	if (!a->val[O_ORG] || !a->val[O_NAME] || !a->val[O_GENDER] || !a->val[O_BIRTH] ||
		!a->val[O_DATE])
		return cli_usage_error(c, "cần --org, --name, --gender, --birth và --date");
	struct person *p = &in.person;
	p->full_name = (char *)a->val[O_NAME];
	p->youth_union = TRI_UNKNOWN;
	if (core_gender_parse(a->val[O_GENDER], strlen(a->val[O_GENDER]), &p->gender))
		return cli_usage_error(
			c, "giới tính '%s' không hợp lệ; ghi Nam hoặc Nữ", a->val[O_GENDER]);
	if (!cli__opt_date(c, "birth", a->val[O_BIRTH], &p->birth_date) ||
		!cli__opt_date(c, "date", a->val[O_DATE], &in.date))
		return 2;
	p->citizen_id = (char *)a->val[O_CID];
	p->ethnicity = (char *)a->val[O_ETHNICITY];
	p->religion = (char *)a->val[O_RELIGION];
	const char *edu = a->val[O_EDUCATION] ? a->val[O_EDUCATION] : "";
	if (core_education_parse(edu, strlen(edu), &p->education))
		return cli_usage_error(c, "trình độ học vấn '%s' không hợp lệ; chọn một trong: %s",
			edu, core_education_choices());
	const char *occ = a->val[O_OCCUPATION] ? a->val[O_OCCUPATION] : "";
	if (core_occupation_parse(occ, strlen(occ), &p->occupation))
		return cli_usage_error(c, "nhóm nghề nghiệp '%s' không hợp lệ; chọn một trong: %s",
			occ, core_occupation_choices());
	const char *youth = a->val[O_YOUTH] ? a->val[O_YOUTH] : "";
	if (core_tristate_parse(youth, strlen(youth), &p->youth_union))
		return cli_usage_error(c, "'--youth %s' không hợp lệ; ghi Có hoặc Không", youth);
	const char *src = a->val[O_SOURCE] ? a->val[O_SOURCE] : "cell";
	if (core_cand_source_parse(src, strlen(src), &in.source))
		return cli_usage_error(c,
			"nguồn '%s' không hợp lệ; dùng cell, youth, women, union, "
			"farmers, veterans hoặc front",
			src);
	in.org_code = a->val[O_ORG];
	in.note = a->val[O_NOTE];
	struct msgs errs;
	int64_t id = 0;
	msgs_init(&errs, 0);
	struct app *app = cli__open_app(a, &errs);
	enum ptdv_err err = app ? app_candidate_add(app, &in, &id, &errs) : PTDV_DB;
	if (!err)
		printf("Đã thêm %s vào danh sách nguồn của chi bộ %s: hồ sơ số %lld.\n",
			p->full_name, in.org_code, (long long)id);
	rc = cli__print_errors(&errs, err);
	app_close(app);
	msgs_free(&errs);
	return rc;
}

/* Parses the step word of `advance`, or its --kind for assessments and exceptions. */
static int parse_step(const struct cli_cmd *c, const struct cli_args *a, struct app_step *s)
{
	if (core_cand_ev_parse(a->pos[2], &s->kind))
		return cli_usage_error(c,
			"bước '%s' không hợp lệ; các bước: helper, course, document, cell-vote, "
			"appraisal, committee-vote, decision, ceremony, assessment, recognition-vote, "
			"recognition-committee-vote, recognition, strike-off, exception",
			a->pos[2]);
	unsigned long long allowed =
		step_opts(s->kind) | BIT(O_DATE) | BIT(O_NOTE) | BIT(O_SUPERSEDES);
	char what[64];
	snprintf(what, sizeof(what), "bước '%s'", core_cand_ev_word(s->kind));
	int rc = only(c, a, allowed, what);
	if (rc)
		return rc;
	if (!cli__opt_date(c, "date", a->val[O_DATE], &s->date) ||
		!cli__opt_date(c, "since", a->val[O_SINCE], &s->date2))
		return 2;
	if (a->val[O_UNTIL] && !cli__opt_date(c, "until", a->val[O_UNTIL], &s->date2))
		return 2;
	if (a->val[O_RECEIVED] && !cli__opt_date(c, "received", a->val[O_RECEIVED], &s->date2))
		return 2;
	if (!opt_small(c, a, O_PRESENT, &s->present) || !opt_small(c, a, O_YES, &s->yes) ||
		!opt_small(c, a, O_SIZE, &s->size))
		return 2;
	if (a->val[O_SUPERSEDES]) {
		int64_t v;
		if (!cli__opt_int(c, "supersedes", a->val[O_SUPERSEDES], &v))
			return 2;
		s->supersedes = v;
	}
	if (a->val[O_DOC]) {
		enum doc_kind d;
		if (core_doc_parse(a->val[O_DOC], &d))
			return cli_usage_error(c, "loại tài liệu '%s' không hợp lệ", a->val[O_DOC]);
		s->sub = d;
	}
	if (a->val[O_KIND] && s->kind == EV_EXCEPTION) {
		enum cand_exc e;
		if (core_cand_exc_parse(a->val[O_KIND], &e))
			return cli_usage_error(c,
				"loại ngoại lệ '%s' không hợp lệ; dùng over-60, education, "
				"late-ceremony, decision-extension hoặc recognition-extension",
				a->val[O_KIND]);
		s->sub = e;
	} else if (a->val[O_KIND]) {
		enum cand_assess e;
		if (core_cand_assess_parse(a->val[O_KIND], &e))
			return cli_usage_error(
				c, "loại '%s' không hợp lệ; dùng self hoặc helper", a->val[O_KIND]);
		s->sub = e;
	}
	if (a->val[O_SOURCE]) {
		enum cand_source src;
		if (core_cand_source_parse(a->val[O_SOURCE], strlen(a->val[O_SOURCE]), &src))
			return cli_usage_error(c, "nguồn '%s' không hợp lệ", a->val[O_SOURCE]);
		s->sub = src;
	}
	s->member = a->val[O_MEMBER];
	s->org_code = a->val[O_ORG];
	s->number = a->val[O_NUMBER];
	const char *texts[] = {
		a->val[O_ISSUER], a->val[O_SIGNER], a->val[O_REASON], a->val[O_NOTE]};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]) && !s->text; i++)
		s->text = texts[i];
	return 0;
}

static int cand_advance(const struct cli_cmd *c, struct cli_args *a, bool leave)
{
	struct app_step s;
	app_step_init(&s);
	if (a->npos != (leave ? 2 : 3))
		return cli_usage_error(
			c, leave ? "dùng: ptdv candidate leave HỒ-SƠ --date DATE "
				   "--reason TEXT"
				 : "dùng: ptdv candidate advance HỒ-SƠ BƯỚC --date DATE ...");
	int rc;
	if (leave) {
		rc = only(c, a, BIT(O_DATE) | BIT(O_REASON) | BIT(O_NOTE), "candidate leave");
		if (rc)
			return rc;
		s.kind = EV_LEAVE;
		if (!cli__opt_date(c, "date", a->val[O_DATE], &s.date))
			return 2;
		s.text = a->val[O_REASON] ? a->val[O_REASON] : a->val[O_NOTE];
	} else {
		rc = parse_step(c, a, &s);
		if (rc)
			return rc;
	}
	struct msgs errs;
	int64_t id = 0, ev = 0;
	msgs_init(&errs, 0);
	struct app *app = cli__open_app(a, &errs);
	enum ptdv_err err = app ? app_candidate_find(app, a->pos[1], &id, &errs) : PTDV_DB;
	if (!err)
		err = app_candidate_advance(app, id, &s, &ev, &errs);
	if (!err) {
		char d[DATE_STRLEN];
		printf("Đã ghi '%s' ngày %s vào hồ sơ số %lld (sự kiện #%lld%s).\n",
			core_cand_ev_name(s.kind), date_format(s.date, d), (long long)id,
			(long long)ev, s.supersedes ? ", thay cho một sự kiện đã ghi" : "");
	} else if (err == PTDV_INVALID && msgs_count(&errs)) {
		fprintf(stderr, "Không ghi được: %zu điều kiện chưa đạt.\n", msgs_count(&errs));
	}
	rc = cli__print_errors(&errs, err);
	app_close(app);
	msgs_free(&errs);
	return rc;
}

/* One line about an event: what, when and its facts. */
static void event_line(const struct cand_event *e, struct buf *b)
{
	char a[DATE_STRLEN], c[DATE_STRLEN];
	buf_addf(b, "#%-6lld %s  %s", (long long)e->id, date_format(e->date, a),
		core_cand_ev_name(e->kind));
	switch (e->kind) {
	case EV_SOURCE:
		buf_addf(b, ": %s", core_cand_source_name((enum cand_source)e->sub));
		break;
	case EV_DOCUMENT:
		buf_addf(b, ": %s", core_doc_name((enum doc_kind)e->sub));
		break;
	case EV_EXCEPTION:
		buf_addf(b, ": %s", core_cand_exc_name((enum cand_exc)e->sub));
		break;
	case EV_ASSESSMENT:
		buf_addf(b, ": %s", core_cand_assess_name((enum cand_assess)e->sub));
		break;
	case EV_HELPER:
		buf_adds(b, e->sub == HELPER_PROBATION ? " (đảng viên dự bị)" : "");
		break;
	default:
		break;
	}
	if (e->ref_label)
		buf_addf(b, " — %s", e->ref_label);
	if (e->number)
		buf_addf(b, "; số %s", e->number);
	bool votes = e->votes[0] || e->votes[1] || e->votes[2];
	if (votes && (e->kind == EV_CELL_VOTE || e->kind == EV_RECOG_CELL_VOTE))
		buf_addf(b, "; %d đảng viên chính thức, %d có mặt, %d tán thành", e->votes[0],
			e->votes[1], e->votes[2]);
	if (votes && (e->kind == EV_COMMITTEE_VOTE || e->kind == EV_RECOG_COMMITTEE_VOTE))
		buf_addf(b, "; %d ủy viên, %d có mặt, %d tán thành", e->votes[0], e->votes[1],
			e->votes[2]);
	if (e->date2 != DATE_NONE) {
		const char *what = e->kind == EV_DECISION ? "nhận ngày"
				   : e->kind == EV_HELPER ? "đến ngày"
							  : "cùng công tác từ";
		buf_addf(b, "; %s %s", what, date_format(e->date2, c));
	}
	if (e->text)
		buf_addf(b, "; %s", e->text);
}

static const struct cand_event *corrected_by(const struct app_case *k, const struct cand_event *e)
{
	for (size_t i = 0; i < k->nev; i++)
		if (k->ev[i].supersedes == e->id)
			return &k->ev[i];
	return NULL;
}

static void case_header(const struct app_case *k, struct buf *b)
{
	char a[DATE_STRLEN], c[DATE_STRLEN];
	const struct person *p = &k->person;
	buf_addf(b, "Hồ sơ số %lld: %s (%s, sinh %s", (long long)k->id, p->full_name,
		core_gender_name(p->gender), date_format(p->birth_date, a));
	if (p->citizen_id)
		buf_addf(b, ", CCCD %s", p->citizen_id);
	buf_addf(b, ")\nChi bộ: %s (%s); tính đến ngày %s\n", k->org.name, k->org.code,
		date_format(k->as_of, c));
	const struct cand_state *s = &k->state;
	if (s->stage == STAGE_NONE) {
		buf_adds(b, "Chưa vào danh sách nguồn vào ngày này.\n");
		return;
	}
	buf_addf(b, "Giai đoạn: %d. %s (từ %s) — %s", (int)s->stage, core_stage_name(s->stage),
		date_format(s->entered[s->stage], a), core_cand_outcome_name(s->outcome));
	if (s->outcome != OUTCOME_OPEN)
		buf_addf(b, " ngày %s", date_format(s->closed, c));
	buf_addc(b, '\n');
	if (s->probation_end != DATE_NONE)
		buf_addf(b, "Kết nạp ngày %s; hết dự bị (ngày chính thức) %s\n",
			date_format(s->entered[STAGE_CEREMONY], a),
			date_format(s->probation_end, c));
	if (k->has_due) {
		int left = (int)(k->due.due - k->as_of);
		buf_addf(b, "Hạn tiếp theo: %s: %s (%s %d ngày)\n", core_due_name(k->due.kind),
			date_format(k->due.due, a), left < 0 ? "quá hạn" : "còn",
			left < 0 ? -left : left);
	}
}

static int cand_show(const struct cli_cmd *c, struct cli_args *a, bool history)
{
	int rc = only(c, a, BIT(O_AS_OF), history ? "candidate history" : "candidate show");
	if (rc)
		return rc;
	if (a->npos != 2)
		return cli_usage_error(c, "cần số hồ sơ (hoặc số CCCD)");
	date_t as_of;
	if (!cli__opt_date(c, "as-of", a->val[O_AS_OF], &as_of))
		return 2;
	struct msgs errs;
	struct app_case k;
	int64_t id = 0;
	msgs_init(&errs, 0);
	memset(&k, 0, sizeof(k));
	struct app *app = cli__open_app(a, &errs);
	enum ptdv_err err = app ? app_candidate_find(app, a->pos[1], &id, &errs) : PTDV_DB;
	if (!err)
		err = app_candidate_show(
			app, id, as_of == DATE_NONE ? app->today : as_of, &k, &errs);
	if (!err) {
		struct buf b = BUF_INIT;
		case_header(&k, &b);
		buf_adds(&b, history ? "\nLịch sử ghi chép (kể cả các bản đã sửa):\n"
				     : "\nCác sự kiện đến ngày này:\n");
		for (size_t i = 0; i < k.nev; i++) {
			const struct cand_event *e = &k.ev[i];
			if (!history && (e->superseded || e->date > k.as_of))
				continue;
			buf_adds(&b, "  ");
			event_line(e, &b);
			if (history) {
				char when[32];
				time_t t = (time_t)e->recorded_at;
				struct tm tm;
				localtime_r(&t, &tm);
				strftime(when, sizeof(when), "%d/%m/%Y %H:%M", &tm);
				buf_addf(&b, "\n          ghi bởi %s lúc %s", e->recorded_by, when);
				if (e->supersedes)
					buf_addf(&b, "; sửa sự kiện #%lld",
						(long long)e->supersedes);
				const struct cand_event *by = corrected_by(&k, e);
				if (by)
					buf_addf(
						&b, "; đã được thay bằng #%lld", (long long)by->id);
			} else if (e->supersedes) {
				buf_addf(&b, " (sửa #%lld)", (long long)e->supersedes);
			}
			buf_addc(&b, '\n');
		}
		if (!history && k.next[0]) {
			buf_adds(&b, "\nBước tiếp theo:");
			for (int i = 0; k.next[i]; i++) {
				bool leave = k.next[i] == EV_LEAVE;
				buf_addf(&b, "\n  %s (ptdv candidate %s %lld%s%s)",
					core_cand_ev_name(k.next[i]), leave ? "leave" : "advance",
					(long long)k.id, leave ? "" : " ",
					leave ? "" : core_cand_ev_word(k.next[i]));
			}
			buf_addc(&b, '\n');
			if (k.needs_for && !k.needs.n) {
				buf_addf(&b,
					"'%s' ngày %s: các quy tắc đã đạt (trừ biểu quyết, nếu có).\n",
					core_cand_ev_name(k.needs_for),
					date_format(k.as_of, (char[DATE_STRLEN]){0}));
			} else if (k.needs.n) {
				buf_addf(&b, "Để ghi '%s' ngày %s còn cần:\n",
					core_cand_ev_name(k.needs_for),
					date_format(k.as_of, (char[DATE_STRLEN]){0}));
				for (size_t i = 0; i < k.needs.n; i++)
					buf_addf(&b, "  - %s%s%s\n",
						k.needs.v[i].field ? k.needs.v[i].field : "",
						k.needs.v[i].field ? ": " : "", k.needs.v[i].text);
			}
		}
		fputs(b.s, stdout);
		buf_free(&b);
	}
	rc = cli__print_errors(&errs, err);
	app_case_free(&k);
	app_close(app);
	msgs_free(&errs);
	return rc;
}

static int cand_list(const struct cli_cmd *c, struct cli_args *a)
{
	int rc =
		only(c, a, BIT(O_ORG) | BIT(O_AS_OF) | BIT(O_STAGE) | BIT(O_ALL), "candidate list");
	if (rc)
		return rc;
	date_t as_of;
	int stage = 0;
	if (!cli__opt_date(c, "as-of", a->val[O_AS_OF], &as_of) ||
		!opt_small(c, a, O_STAGE, &stage))
		return 2;
	if (stage >= STAGE__MAX)
		return cli_usage_error(c, "giai đoạn từ 1 đến 10");
	struct msgs errs;
	struct app_case_list l = {0};
	msgs_init(&errs, 0);
	struct app *app = cli__open_app(a, &errs);
	enum ptdv_err err = app ? app_candidate_list(app, a->val[O_ORG],
					  as_of == DATE_NONE ? app->today : as_of,
					  a->val[O_ALL] != NULL, (enum cand_stage)stage, &l, &errs)
				: PTDV_DB;
	if (!err) {
		struct buf b = BUF_INIT;
		char d[DATE_STRLEN], e[DATE_STRLEN];
		buf_addf(&b, "%s tính đến ngày %s: ",
			a->val[O_ALL] ? "Hồ sơ phát triển đảng viên" : "Hồ sơ đang xem xét",
			date_format(l.as_of, d));
		vn_fmt_int(&b, (int64_t)l.n);
		buf_adds(&b, "\n");
		for (size_t i = 0; i < l.n; i++) {
			const struct app_case_row *r = &l.v[i];
			char id[24];
			snprintf(id, sizeof(id), "#%lld", (long long)r->id);
			pad(&b, id, 8);
			pad(&b, r->name, 28);
			pad(&b, r->org_code, 14);
			buf_addf(&b, "%2d. %s (từ %s)", (int)r->sum.stage,
				core_stage_name(r->sum.stage),
				date_format(r->sum.entered[r->sum.stage], d));
			if (r->sum.outcome != OUTCOME_OPEN)
				buf_addf(&b, " — %s", core_cand_outcome_name(r->sum.outcome));
			else if (r->has_due)
				buf_addf(&b, " — %s: %s", core_due_name(r->due.kind),
					date_format(r->due.due, e));
			buf_addc(&b, '\n');
		}
		fputs(b.s, stdout);
		buf_free(&b);
	}
	rc = cli__print_errors(&errs, err);
	app_case_list_free(&l);
	app_close(app);
	msgs_free(&errs);
	return rc;
}

int cli_cmd_candidate(const struct cli_cmd *c, struct cli_args *a)
{
	if (a->npos < 1)
		return cli_usage_error(c, "cần một việc: add, show, advance, leave, list, history");
	const char *what = a->pos[0];
	if (strcmp(what, "add") == 0)
		return cand_add(c, a);
	if (strcmp(what, "advance") == 0)
		return cand_advance(c, a, false);
	if (strcmp(what, "leave") == 0)
		return cand_advance(c, a, true);
	if (strcmp(what, "show") == 0)
		return cand_show(c, a, false);
	if (strcmp(what, "history") == 0)
		return cand_show(c, a, true);
	if (strcmp(what, "list") == 0)
		return cand_list(c, a);
	return cli_usage_error(
		c, "việc '%s' không hợp lệ; dùng add, show, advance, leave, list, history", what);
}

/* --- due --- */

const struct cli_opt cli_due_opts[] = {
	{"org", "CODE", "tổ chức (mặc định: cả phạm vi của người dùng)"},
	{"within", "DAYS", "các hạn trong số ngày này kể từ ngày tính (mặc định: 30)"},
	{"as-of", "DATE", "tính đến ngày (mặc định: hôm nay)"},
	{"format", "FMT", "text hoặc json (mặc định: text)"},
	{0},
};

static bool format_ok(const struct cli_cmd *c, const char *fmt)
{
	if (strcmp(fmt, "text") == 0 || strcmp(fmt, "json") == 0)
		return true;
	cli_usage_error(c, "định dạng '%s' không hợp lệ; dùng text hoặc json", fmt);
	return false;
}

int cli_cmd_due(const struct cli_cmd *c, struct cli_args *a)
{
	date_t as_of;
	int64_t within = 30;
	const char *fmt = a->val[3] ? a->val[3] : "text";
	if (a->npos)
		return cli_usage_error(c, "lệnh due không nhận tham số");
	if (!format_ok(c, fmt) || !cli__opt_date(c, "as-of", a->val[2], &as_of))
		return 2;
	if (a->val[1] && !cli__opt_int(c, "within", a->val[1], &within))
		return 2;
	if (within > 36500)
		return cli_usage_error(c, "'--within %s' quá lớn", a->val[1]);
	struct msgs errs;
	struct due_report r = {0};
	msgs_init(&errs, 0);
	struct app *app = cli__open_app(a, &errs);
	enum ptdv_err err = app ? app_due(app, a->val[0], as_of == DATE_NONE ? app->today : as_of,
					  (int)within, &r, &errs)
				: PTDV_DB;
	if (!err) {
		struct buf b = BUF_INIT;
		if (strcmp(fmt, "json") == 0)
			report_due_json(&r, &b);
		else
			report_due_text(&r, &b);
		fputs(b.s, stdout);
		buf_free(&b);
	}
	int rc = cli__print_errors(&errs, err);
	report_due_free(&r);
	app_close(app);
	msgs_free(&errs);
	return rc;
}

/* --- holiday --- */

const struct cli_opt cli_holiday_opts[] = {
	{"date", "DATE", "ngày (add)"},
	{"name", "TEXT", "tên ngày nghỉ, hoặc lý do làm việc (add)"},
	{"working", NULL, "ngày làm việc (làm bù; hoặc bỏ một ngày nghỉ ghi nhầm) (add)"},
	{"year", "YYYY", "chỉ năm này (list)"},
	{0},
};

int cli_cmd_holiday(const struct cli_cmd *c, struct cli_args *a)
{
	struct msgs errs;
	int rc;
	if (a->npos != 1 || (strcmp(a->pos[0], "add") != 0 && strcmp(a->pos[0], "list") != 0))
		return cli_usage_error(c, "dùng: ptdv holiday add|list ...");
	bool add = strcmp(a->pos[0], "add") == 0;
	date_t day = DATE_NONE, from = date_from_ymd(1900, 1, 1), to = date_from_ymd(2199, 12, 31);
	if (add) {
		if (!a->val[0] || !a->val[1] || a->val[3])
			return cli_usage_error(c, "holiday add cần --date và --name");
		if (!cli__opt_date(c, "date", a->val[0], &day))
			return 2;
	} else {
		if (a->val[0] || a->val[1] || a->val[2])
			return cli_usage_error(c, "holiday list chỉ nhận --year");
		if (a->val[3]) {
			int64_t y;
			if (!cli__opt_int(c, "year", a->val[3], &y))
				return 2;
			if (y < 1900 || y > 2199)
				return cli_usage_error(c, "năm từ 1900 đến 2199");
			from = date_from_ymd((int)y, 1, 1);
			to = date_from_ymd((int)y, 12, 31);
		}
	}
	msgs_init(&errs, 0);
	struct app *app = cli__open_app(a, &errs);
	enum ptdv_err err = app ? PTDV_OK : PTDV_DB;
	char d[DATE_STRLEN];
	if (app && add) {
		enum day_kind kind = a->val[2] ? DAY_WORKING : DAY_OFF;
		err = app_holiday_add(app, day, kind, a->val[1], &errs);
		if (!err)
			printf("Đã ghi ngày %s là %s: %s.\n", date_format(day, d),
				kind == DAY_OFF ? "ngày nghỉ" : "ngày làm việc", a->val[1]);
	} else if (app) {
		struct app_holiday *v = NULL;
		size_t n = 0;
		err = app_holiday_list(app, from, to, &v, &n, &errs);
		static const char *const wd[] = {"T2", "T3", "T4", "T5", "T6", "T7", "CN"};
		for (size_t i = 0; !err && i < n; i++)
			printf("%s %s  %-13s %s\n", date_format(v[i].day, d),
				wd[date_weekday(v[i].day)],
				v[i].kind == DAY_OFF ? "nghỉ" : "làm việc", v[i].name);
		app_holidays_free(v, n);
	}
	rc = cli__print_errors(&errs, err);
	app_close(app);
	msgs_free(&errs);
	return rc;
}

/* --- rule --- */

const struct cli_opt cli_rule_opts[] = {
	{"date", "DATE", "các quy tắc có hiệu lực ngày này (mặc định: hôm nay)"},
	{0},
};

static const char *yyyymmdd(int v, char out[DATE_STRLEN])
{
	if (!v)
		return "";
	return date_format(date_from_ymd(v / 10000, v / 100 % 100, v % 100), out);
}

int cli_cmd_rule(const struct cli_cmd *c, struct cli_args *a)
{
	date_t day;
	char d[DATE_STRLEN], f[DATE_STRLEN], t[DATE_STRLEN], label[160];
	if (a->npos != 1 || strcmp(a->pos[0], "list") != 0)
		return cli_usage_error(c, "dùng: ptdv rule list [--date DATE]");
	if (!cli__opt_date(c, "date", a->val[0], &day))
		return 2;
	if (day == DATE_NONE)
		day = date_today();
	struct rule_set set;
	core_rules_default(day, &set);
	printf("Các quy tắc kết nạp đảng viên có hiệu lực ngày %s:\n", date_format(day, d));
	for (int k = 1; k < RULE__MAX; k++) {
		const struct rule *r = set.r[k];
		printf("\n%s\n", core_rule_label(r, label, sizeof(label)));
		for (int i = 0; i < RULE_MAX_PARAMS && r->p[i].name; i++)
			printf("  %s = %d\n", r->p[i].name, r->p[i].value);
		if (r->text)
			printf("  text = %s\n", r->text);
		printf("  nguồn: %s\n  hiệu lực: %s%s%s%s\n", r->source, r->from ? "từ " : "",
			yyyymmdd(r->from, f), r->to ? " đến " : "", yyyymmdd(r->to, t));
	}
	return 0;
}
