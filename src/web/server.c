/*
 * server.c — the front line: libmicrohttpd plumbing, then for every request
 * static file → route → body limit → session → role → CSRF → form parsing → handler,
 * and one response with the security headers. Handlers never see a request that skipped
 * a step; they read typed input through http.h and call app/ only.
 */
#include "web/web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "util/progress.h"
#include "util/xalloc.h"
#include "web/form.h"
#include "web/http.h"
#include "web/tmpl.h"

#define BODY_CAP (32u << 20) /* uploads (imports) */
#define FORM_CAP (1u << 20)  /* url-encoded forms */
#define SESSION_COOKIE "ptdv_session"
#define LOGIN_CSRF_COOKIE "ptdv_login"

static struct {
	const struct web_config *cfg;
	pthread_key_t app_key;
	FILE *log;
	pthread_mutex_t log_lock;
	char static_etag[32][24];
} W;

static const char SECURITY_HEADERS[][2][96] = {
	{"Content-Security-Policy",
		"default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "same-origin"},
};

/* --- per-thread database connection --- */

static void app_destroy(void *p)
{
	app_close(p);
}

static struct app *thread_app(void)
{
	struct app *app = pthread_getspecific(W.app_key);
	if (app)
		return app;
	struct msgs errs;
	msgs_init(&errs, 0);
	if (app_open(W.cfg->db_url, "anonymous", &app, &errs) != PTDV_OK ||
		(W.cfg->report_db_url &&
			app_attach_replica(app, W.cfg->report_db_url, &errs) != PTDV_OK) ||
		app_long_lived(app) != PTDV_OK) {
		fprintf(stderr, "ptdv serve: %s\n",
			errs.n ? errs.v[0].text : "lỗi cơ sở dữ liệu khi mở kết nối");
		msgs_free(&errs);
		app_close(app);
		return NULL;
	}
	msgs_free(&errs);
	pthread_setspecific(W.app_key, app);
	return app;
}

/* --- input --- */

const char *web_query(struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *web_form(struct web_req *r, const char *name)
{
	for (int i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, name) == 0)
			return r->form[i].value;
	return NULL;
}

static void parse_form(struct web_req *r)
{
	r->nform = web_form_parse(r->body.s, r->body.len, r->form, WEB_MAX_FORM);
}

struct multipart {
	struct web_req *r;
	char *key; /* the field being read, its value so far in val */
	struct buf val;
	bool in_file;
};

static void multipart_field_end(struct multipart *m)
{
	if (m->key && !m->in_file && m->r->nform < WEB_MAX_FORM) {
		m->r->form[m->r->nform].key = m->key;
		m->r->form[m->r->nform].value = buf_detach(&m->val);
		m->r->nform++;
		m->key = NULL;
	}
	free(m->key);
	m->key = NULL;
	buf_reset(&m->val);
	m->in_file = false;
}

static enum MHD_Result multipart_part(void *cls, enum MHD_ValueKind kind, const char *key,
	const char *filename, const char *content_type, const char *transfer_encoding,
	const char *data, uint64_t off, size_t size)
{
	struct multipart *m = cls;
	(void)kind, (void)content_type, (void)transfer_encoding;
	if (off == 0) {
		multipart_field_end(m);
		m->key = xstrdup(key ? key : "");
		m->in_file = filename != NULL;
		if (m->in_file) {
			if (m->r->upload_name) /* one file per request: a second one is refused */
				return MHD_NO;
			m->r->upload_name = xstrdup(filename);
		}
	}
	if (m->in_file)
		buf_add(&m->r->upload, data, size);
	else if (m->val.len + size <= FORM_CAP)
		buf_add(&m->val, data, size);
	return MHD_YES;
}

/*
 * Splits a multipart/form-data body (a file upload) with libmicrohttpd's post processor:
 * the plain fields go to r->form as for a url-encoded form, the file to r->upload.
 */
static void parse_multipart(struct web_req *r)
{
	struct multipart m = {.r = r};
	buf_init(&m.val, 0);
	buf_init(&r->upload, 0);
	struct MHD_PostProcessor *pp =
		MHD_create_post_processor(r->conn, 64 * 1024, multipart_part, &m);
	if (pp) {
		MHD_post_process(pp, r->body.s, r->body.len);
		MHD_destroy_post_processor(pp);
	}
	multipart_field_end(&m);
	buf_free(&m.val);
}

const char *web_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

const char *web_db_url(void)
{
	return W.cfg->db_url;
}

/* --- output --- */

void web_header(struct web_req *r, const char *name, const char *value)
{
	buf_addf(&r->headers, "%s\n%s\n", name, value);
}

json_t *web_msgs_json(const struct msgs *errs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < errs->n; i++)
		json_array_append_new(a, json_pack("{s:s?, s:s}", "field", errs->v[i].field, "text",
						 errs->v[i].text));
	return a;
}

void web_page(struct web_req *r, const char *name, const char *title, json_t *ctx)
{
	json_t *page = json_object();
	json_object_set_new(page, "title", json_string(title));
	json_object_set_new(page, "content_template", json_string(name));
	if (r->authed) {
		json_object_set_new(page, "user",
			json_pack("{s:s, s:s, s:s, s:b, s:b, s:b}", "login", r->sess.user.login,
				"name", r->sess.user.full_name, "role",
				core_role_name(r->sess.user.role), "admin",
				core_role_is_admin(r->sess.user.role), "members",
				core_role_sees_members(r->sess.user.role), "importer",
				core_role_can_import(r->sess.user.role)));
		json_object_set_new(page, "csrf", json_string(r->sess.csrf));
	}
	json_object_set_new(page, "static_version", json_string(W.static_etag[0]));
	json_object_set_new(ctx, "page", page);
	buf_reset(&r->out);
	/* The page's own template first, then the layout around it ({{yield}}). */
	struct buf content = BUF_INIT;
	buf_grow(&content, 16384);
	buf_grow(&r->out, 20480);
	enum ptdv_err err = tmpl_render(web_templates, name, ctx, &content);
	if (!err)
		err = tmpl_render_yield(
			web_templates, "layout", ctx, content.s, content.len, &r->out);
	if (err) {
		fprintf(stderr, "ptdv serve: %s\n",
			err ? (content.len ? content.s : r->out.s) : "");
		buf_reset(&r->out);
		buf_adds(&r->out, "<!doctype html><meta charset=utf-8><p>Lỗi hiển thị trang.</p>");
		r->status = 500;
	}
	buf_free(&content);
	if (!r->status)
		r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	json_decref(ctx);
}

void web_json(struct web_req *r, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	buf_reset(&r->out);
	buf_adds(&r->out, s ? s : "null");
	buf_addc(&r->out, '\n');
	free(s);
	json_decref(v);
	if (!r->status)
		r->status = 200;
	r->content_type = "application/json; charset=utf-8";
}

void web_redirect(struct web_req *r, const char *location)
{
	r->status = 303;
	web_header(r, "Location", location);
	buf_reset(&r->out);
	r->content_type = "text/plain; charset=utf-8";
}

static bool is_api(const char *path)
{
	return strncmp(path, "/api/", 5) == 0;
}

void web_error(struct web_req *r, int status, const char *message)
{
	r->status = status;
	if (is_api(r->path)) {
		const char *code = status == 404   ? "not_found"
				   : status == 403 ? "forbidden"
				   : status == 401 ? "unauthorized"
				   : status == 400 ? "invalid"
				   : status == 405 ? "method_not_allowed"
				   : status == 413 ? "too_large"
						   : "error";
		web_json(r, json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", code, "message",
				    message, "field", r->error_field));
		return;
	}
	web_page(r, "error", "Lỗi", json_pack("{s:i, s:s}", "status", status, "message", message));
}

/* --- static files --- */

static const struct embed_file *static_file(const char *name, int *index)
{
	int i = 0;
	for (const struct embed_file *f = web_static; f->name; f++, i++) {
		if (strcmp(f->name, name) == 0) {
			*index = i;
			return f;
		}
	}
	return NULL;
}

static const char *mime_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".html") == 0)
		return "text/html; charset=utf-8";
	return "application/octet-stream";
}

static bool serve_static(struct web_req *r)
{
	int i = 0;
	if (strncmp(r->path, "/static/", 8) != 0)
		return false;
	const struct embed_file *f = static_file(r->path + 8, &i);
	if (!f || strcmp(r->method, "GET") != 0) {
		web_error(r, 404, "Không tìm thấy trang này.");
		return true;
	}
	const char *etag = i < 32 ? W.static_etag[i] : "";
	const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "If-None-Match");
	web_header(r, "ETag", etag);
	web_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	r->content_type = mime_of(f->name);
	if (inm && strcmp(inm, etag) == 0) {
		r->status = 304;
		return true;
	}
	r->status = 200;
	buf_add(&r->out, f->data, f->len);
	return true;
}

/* --- routing --- */

/* Matches path against pattern; fills r->params. Returns true on a match. */
static bool match(struct web_req *r, const char *pattern, const char *path)
{
	int np = 0;
	struct buf store = BUF_INIT;
	size_t offs[WEB_MAX_PARAMS];
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == ':') {
			while (*p && *p != '/')
				p++;
			const char *e = s;
			while (*e && *e != '/')
				e++;
			if (e == s || np == WEB_MAX_PARAMS)
				goto no;
			offs[np++] = store.len;
			/* Path segments arrive percent-encoded. */
			char *dec = web_url_decode(s, (size_t)(e - s));
			buf_adds(&store, dec);
			buf_addc(&store, '\0');
			free(dec);
			s = e;
			continue;
		}
		if (*p != *s)
			goto no;
		p++;
		s++;
	}
	if (*p || *s)
		goto no;
	free(r->param_store);
	r->param_store = buf_detach(&store);
	for (int i = 0; i < np; i++)
		r->params[i] = r->param_store + offs[i];
	return true;
no:
	buf_free(&store);
	return false;
}

static const char *cookie(struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

static bool csrf_ok(struct web_req *r)
{
	/* A form carries it as a field; a script's JSON request with a session, as a header. */
	const char *sent = web_form(r, "csrf");
	if (!sent)
		sent = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
	const char *want = NULL;
	if (r->authed)
		want = r->sess.csrf;
	else
		want = cookie(r, LOGIN_CSRF_COOKIE);
	if (!sent || !want || strlen(sent) != strlen(want) || strlen(want) < 32)
		return false;
	return sodium_memcmp(sent, want, strlen(want)) == 0;
}

/* Gives a visitor without a session a login-form CSRF token in a cookie (double submit). */
const char *web_login_csrf(struct web_req *r);
const char *web_login_csrf(struct web_req *r)
{
	const char *have = cookie(r, LOGIN_CSRF_COOKIE);
	if (have && strlen(have) == APP_TOKEN_HEX - 1)
		return have;
	static _Thread_local char tok[APP_TOKEN_HEX];
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(tok, sizeof(tok), raw, sizeof(raw));
	char line[160];
	snprintf(line, sizeof(line), LOGIN_CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict",
		tok);
	web_header(r, "Set-Cookie", line);
	return tok;
}

/* Sets or clears the session cookie. */
void web_session_cookie(struct web_req *r, const char *token);
void web_session_cookie(struct web_req *r, const char *token)
{
	char line[200];
	if (token)
		snprintf(line, sizeof(line),
			SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", token,
			APP_SESSION_ABSOLUTE_SECONDS);
	else
		snprintf(line, sizeof(line),
			SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; "
				       "Max-Age=0");
	web_header(r, "Set-Cookie", line);
}

const char *web_session_token(struct web_req *r);
const char *web_session_token(struct web_req *r)
{
	return cookie(r, SESSION_COOKIE);
}

static void dispatch(struct web_req *r)
{
	if (serve_static(r))
		return;
	const struct web_route *route = NULL;
	bool path_known = false;
	for (const struct web_route *rt = web_routes; rt->pattern; rt++) {
		if (!match(r, rt->pattern, r->path))
			continue;
		path_known = true;
		if (strcmp(rt->method, r->method) == 0) {
			route = rt;
			break;
		}
	}
	if (!route) {
		web_error(r, path_known ? 405 : 404,
			path_known ? "Phương thức không được hỗ trợ."
				   : "Không tìm thấy trang này.");
		return;
	}
	if (r->body.toobig) {
		web_error(r, 413, "Dữ liệu gửi lên quá lớn.");
		return;
	}
	r->app = thread_app();
	if (!r->app) {
		web_error(r, 503, "Không kết nối được cơ sở dữ liệu; hãy thử lại sau ít phút.");
		return;
	}
	app_act_as_nobody(r->app);
	const char *token = cookie(r, SESSION_COOKIE);
	const char *authz = MHD_lookup_connection_value(
		r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (token) {
		enum ptdv_err err = app_session_resume(r->app, token, &r->sess);
		r->authed = err == PTDV_OK;
		if (err == PTDV_NOTFOUND)
			web_session_cookie(r, NULL);
	} else if ((route->flags & WEB_API) && authz && strncmp(authz, "Bearer ", 7) == 0) {
		/* Scripts: a token instead of a cookie; browsers never send it by themselves, so
		 * such requests need no CSRF token. */
		r->authed = app_token_resume(r->app, authz + 7, &r->sess) == PTDV_OK;
		r->bearer = r->authed;
	}
	if (!(route->flags & WEB_PUBLIC) && !r->authed) {
		if (route->flags & WEB_API) {
			web_error(r, 401, "Cần đăng nhập.");
		} else {
			struct buf loc = BUF_INIT;
			buf_adds(&loc, "/login?next=");
			tmpl_escape_url(&loc, r->path, strlen(r->path));
			web_redirect(r, loc.s);
			buf_free(&loc);
		}
		return;
	}
	if ((route->flags & WEB_ADMIN) && !core_role_is_admin(r->sess.user.role)) {
		web_error(r, 403, "Tài khoản của đồng chí không có quyền xem trang này.");
		return;
	}
	if (strcmp(r->method, "POST") == 0) {
		const char *ct = MHD_lookup_connection_value(
			r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (ct && strncmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
			if (r->body.len > FORM_CAP) {
				web_error(r, 413, "Dữ liệu gửi lên quá lớn.");
				return;
			}
			parse_form(r);
		} else if (ct && strncmp(ct, "multipart/form-data", 19) == 0) {
			parse_multipart(r);
		}
		if (!r->bearer && !csrf_ok(r)) {
			web_error(r, 403,
				"Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang "
				"và thử lại.");
			return;
		}
	}
	route->handler(r);
}

/* --- libmicrohttpd callbacks --- */

static void free_req(struct web_req *r)
{
	web_form_free(r->form, r->nform);
	core_user_clear(&r->sess.user);
	free(r->param_store);
	buf_free(&r->body);
	buf_free(&r->upload);
	free(r->upload_name);
	buf_free(&r->out);
	buf_free(&r->headers);
	free(r);
}

static void client_address(struct web_req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(r->address, sizeof(r->address), "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			r->address, sizeof(r->address));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			r->address, sizeof(r->address));
}

/*
 * Compresses the response body with gzip when the client accepts it and it helps: text
 * bodies over a packet. Level 1: most of the gain for little CPU. Returns true when done.
 */
static bool gzip_body(struct web_req *r)
{
	const char *ae = MHD_lookup_connection_value(
		r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	const char *ct = r->content_type;
	if (!ae || !strstr(ae, "gzip") || r->out.len < 1400 || !ct)
		return false;
	if (strncmp(ct, "text/", 5) != 0 && strncmp(ct, "application/json", 16) != 0 &&
		strncmp(ct, "image/svg", 9) != 0)
		return false;
	z_stream z = {0};
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	struct buf out = BUF_INIT;
	buf_grow(&out, deflateBound(&z, r->out.len));
	z.next_in = (Bytef *)r->out.s;
	z.avail_in = (uInt)r->out.len;
	z.next_out = (Bytef *)out.s;
	z.avail_out = (uInt)(out.alloc - 1);
	int rc = deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		buf_free(&out);
		return false;
	}
	out.len = n;
	buf_free(&r->out);
	r->out = out;
	return true;
}

static enum MHD_Result send_response(struct web_req *r)
{
	bool gz = r->status == 200 && gzip_body(r);
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(r->out.len, r->out.s, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	for (size_t i = 0; i < sizeof(SECURITY_HEADERS) / sizeof(SECURITY_HEADERS[0]); i++)
		MHD_add_response_header(resp, SECURITY_HEADERS[i][0], SECURITY_HEADERS[i][1]);
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	if (gz)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	bool cache_set = false;
	char *h = r->headers.s;
	while (h && *h) {
		char *nl = strchr(h, '\n');
		if (!nl)
			break;
		*nl = '\0';
		char *v = nl + 1;
		char *nl2 = strchr(v, '\n');
		if (!nl2)
			break;
		*nl2 = '\0';
		MHD_add_response_header(resp, h, v);
		if (strcmp(h, "Cache-Control") == 0)
			cache_set = true;
		h = nl2 + 1;
	}
	if (!cache_set)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Answers 413 at once, whatever the route; the rest of the body is never read. */
static enum MHD_Result refuse_too_large(struct web_req *r)
{
	web_error(r, 413, "Dữ liệu gửi lên quá lớn.");
	return send_response(r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
	const char *method, const char *version, const char *upload_data, size_t *upload_data_size,
	void **con_cls)
{
	(void)cls;
	(void)version;
	struct web_req *r = *con_cls;
	if (!r) {
		r = xcalloc(1, sizeof(*r));
		r->conn = conn;
		r->method = method;
		r->path = url;
		r->started = progress_now();
		buf_init(&r->body, BODY_CAP);
		buf_init(&r->out, 0);
		buf_init(&r->headers, 0);
		client_address(r);
		*con_cls = r;
		/* A body announced larger than the cap is refused before a byte of it is read
		 * (libmicrohttpd then closes the connection instead of reading the rest). */
		const char *cl = MHD_lookup_connection_value(
			conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > BODY_CAP)
			return refuse_too_large(r);
		return MHD_YES;
	}
	if (*upload_data_size) {
		buf_add(&r->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		/*
		 * Sent without a length (chunked) and past the cap: libmicrohttpd cannot answer
		 * before the body's end, so the connection is closed rather than read on.
		 */
		if (r->body.toobig)
			return MHD_NO;
		return MHD_YES;
	}
	if (r->status == 413)
		return MHD_YES; /* answered from the headers */
	dispatch(r);
	return send_response(r);
}

static void on_completed(
	void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct web_req *r = *con_cls;
	if (!r)
		return;
	if (W.log) {
		double ms = (progress_now() - r->started) * 1000.0;
		time_t now = time(NULL);
		struct tm tm;
		char ts[32];
		localtime_r(&now, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
		pthread_mutex_lock(&W.log_lock);
		fprintf(W.log, "%s %s %s %s %d %zu %.1fms %s\n", ts, r->address, r->method, r->path,
			r->status, r->out.len, ms, r->authed ? r->sess.user.login : "-");
		pthread_mutex_unlock(&W.log_lock);
	}
	free_req(r);
	*con_cls = NULL;
}

/* --- start and stop --- */

static bool parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return false;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port <= 0 || port > 65535)
		return false;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) == 1;
}

static void compute_etags(void)
{
	int i = 0;
	for (const struct embed_file *f = web_static; f->name && i < 32; f++, i++) {
		unsigned char h[8];
		crypto_generichash(h, sizeof(h), (const unsigned char *)f->data, f->len, NULL, 0);
		char hex[17];
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		snprintf(W.static_etag[i], sizeof(W.static_etag[i]), "\"%s\"", hex);
	}
}

enum ptdv_err web_serve(const struct web_config *cfg, struct msgs *errs)
{
	struct sockaddr_in sa;
	if (!parse_listen(cfg->listen, &sa)) {
		msgs_add(errs, 0, "--listen",
			"địa chỉ '%s' không hợp lệ; dùng dạng IP:CỔNG, ví dụ 127.0.0.1:8080",
			cfg->listen);
		return PTDV_USAGE;
	}
	if (sodium_init() < 0) {
		msgs_add(errs, 0, NULL, "không khởi tạo được thư viện mật mã");
		return PTDV_IO;
	}
	/* Open (and migrate) the database once up front, so a bad --db fails at once. */
	struct app *probe = NULL;
	if (app_open(cfg->db_url, "anonymous", &probe, errs) != PTDV_OK)
		return PTDV_DB;
	enum ptdv_err err =
		cfg->report_db_url ? app_attach_replica(probe, cfg->report_db_url, errs) : PTDV_OK;
	app_close(probe);
	if (err)
		return PTDV_DB;

	W.cfg = cfg;
	W.log = cfg->access_log && strcmp(cfg->access_log, "-") == 0 ? NULL : stderr;
	pthread_mutex_init(&W.log_lock, NULL);
	pthread_key_create(&W.app_key, app_destroy);
	compute_etags();

	/* Signals are taken by sigwait below, never by the worker threads. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads
			   : cpus > 0       ? (unsigned)cpus
					    : 2;
	/* One daemon of one thread per thread asked for, each with its own listening socket on
	 * the same address (SO_REUSEPORT): the kernel spreads new connections over them. A
	 * pool of threads on one socket let whichever woke first accept a burst of connections
	 * and serve them alone for as long as they were kept alive: 16 connections opened at
	 * once were all one thread's on some starts, at a third of the throughput. */
	struct MHD_Daemon **ds = xcalloc(threads, sizeof(*ds));
	for (unsigned i = 0; i < threads; i++) {
		ds[i] = MHD_start_daemon(
			MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC, 0, NULL,
			NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
			MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
			MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
		if (!ds[i]) {
			msgs_add(errs, 0, "--listen", "không mở được cổng %s: %s", cfg->listen,
				strerror(errno));
			while (i > 0)
				MHD_stop_daemon(ds[--i]);
			free(ds);
			pthread_sigmask(SIG_UNBLOCK, &set, NULL);
			return PTDV_IO;
		}
	}
	fprintf(stderr, "ptdv: đang phục vụ http://%s (cơ sở dữ liệu '%s', %u luồng)\n",
		cfg->listen, cfg->db_url, threads);
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "ptdv: nhận tín hiệu %s, đang dừng...\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	/* Stop accepting, let requests in flight finish (up to 10 s), then stop. */
	for (unsigned i = 0; i < threads; i++)
		MHD_quiesce_daemon(ds[i]);
	for (int k = 0; k < 100; k++) {
		unsigned open = 0;
		for (unsigned i = 0; i < threads; i++) {
			const union MHD_DaemonInfo *info =
				MHD_get_daemon_info(ds[i], MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
			open += info ? info->num_connections : 0;
		}
		if (open == 0)
			break;
		usleep(100 * 1000);
	}
	for (unsigned i = 0; i < threads; i++)
		MHD_stop_daemon(ds[i]);
	free(ds);
	web_jobs_stop();
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	return PTDV_OK;
}

/* The module's one exported symbol (util/module.h): `ptdv serve` reaches the server here. */
MODULE_EXPORT const struct web_module ptdv_module_web = {
	.head = MODULE_HEAD(struct web_module),
	.serve = web_serve,
	.print_routes = web_print_routes,
};
