/*
 * demo_names.h — the vocabularies the demo generator (app_demo.c) draws people from:
 * family names with their rough frequency in the Red River delta, middle and given names
 * by gender and generation, ethnicities and religions. Included by app_demo.c only.
 *
 * Every string is in NFC, as the store expects. The names are common ones; any person
 * built from them is invented.
 */
#ifndef PTDV_APP_DEMO_NAMES_H
#define PTDV_APP_DEMO_NAMES_H

/* A word and its weight in a draw. */
struct demo_word {
	const char *s;
	int w;
};

/* Family names, weighted by how common they are (per mille, roughly). */
static const struct demo_word demo_family[] = {
	{"Nguyễn", 370}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Hoàng", 45},
	{"Phan", 40}, {"Vũ", 40}, {"Đặng", 22}, {"Bùi", 22}, {"Đỗ", 18},
	{"Hồ", 12}, {"Ngô", 15}, {"Dương", 12}, {"Lý", 6}, {"Đào", 10},
	{"Đinh", 9}, {"Trịnh", 8}, {"Mai", 5}, {"Cao", 5}, {"Lương", 4},
	{"Tạ", 4}, {"Chu", 4}, {"Hà", 5}, {"Kiều", 3}, {"Nghiêm", 3},
	{"Khúc", 2}, {"Ninh", 2}, {"Thân", 4}, {"Lưu", 4}, {"Tô", 3},
	{"Vương", 2}, {"Doãn", 2}, {"Triệu", 2},
};

/* Middle names other than Văn (men) and Thị (women), for people born before 1975. */
static const char *const demo_mid_m_old[] = {
	"Đức", "Hữu", "Quang", "Xuân", "Đình", "Công", "Ngọc", "Minh", "Mạnh", "Tiến",
	"Trọng", "Thế", "Duy", "Văn",
};
static const char *const demo_mid_f_old[] = {
	"Thu", "Ngọc", "Thanh", "Kim", "Bích", "Hồng", "Minh", "Thị",
};
/* Middle names of people born from 1975 on. */
static const char *const demo_mid_m_new[] = {
	"Đức", "Minh", "Quang", "Hoàng", "Quốc", "Anh", "Tuấn", "Thành", "Gia", "Đăng",
	"Hải", "Trung", "Việt", "Nhật", "Bảo", "Văn", "Hữu", "Xuân",
};
static const char *const demo_mid_f_new[] = {
	"Thu", "Ngọc", "Thanh", "Phương", "Thùy", "Khánh", "Minh", "Hải", "Diệu", "Bảo",
	"Mai", "Hồng", "Lan", "Thảo", "Hà",
};

/* Given names by gender and generation. */
static const char *const demo_given_m_old[] = {
	"Hùng", "Dũng", "Tuấn", "Hải", "Thắng", "Cường", "Sơn", "Bình", "Thành", "Tùng",
	"Vinh", "Toàn", "Lâm", "Kiên", "Hưng", "Tiến", "Quang", "Hòa", "Tài", "Nghĩa",
	"Thông", "Hậu", "Chiến", "Lợi", "Thuận", "Khải", "Định", "Phú", "Thịnh", "Trường",
	"Long", "Nam", "Đông", "Hiển", "Khánh", "Lực",
};
static const char *const demo_given_m_new[] = {
	"Minh", "Nam", "Long", "Quân", "Đức", "Trung", "Hiếu", "Phong", "Khang", "Huy",
	"Hoàng", "Việt", "Đạt", "Phúc", "Khoa", "Bảo", "Đăng", "An", "Lộc", "Duy",
	"Tùng", "Tuấn", "Hải", "Dũng", "Thành", "Kiên", "Sơn", "Vũ", "Nguyên", "Khôi",
	"Thắng", "Hưng", "Anh", "Tiến", "Quang", "Trường",
};
static const char *const demo_given_f_old[] = {
	"Lan", "Hương", "Hoa", "Mai", "Hạnh", "Hằng", "Nga", "Yến", "Thủy", "Dung",
	"Hà", "Loan", "Hiền", "Nhung", "Oanh", "Liên", "Tâm", "Hồng", "Nguyệt", "Tuyết",
	"Xuân", "Thoa", "Huệ", "Cúc", "Đào", "Lý", "Vân", "Bình", "Thu", "Hậu",
};
static const char *const demo_given_f_new[] = {
	"Linh", "Trang", "Thảo", "Huyền", "Ngọc", "Phương", "Anh", "Quỳnh", "Nhi", "Vy",
	"Giang", "Ly", "Thúy", "Chi", "Diệp", "Hà", "Hương", "Mai", "Vân", "Thư",
	"Hạnh", "Hằng", "Nhung", "Hiền", "Yến", "Châu", "Uyên", "Trâm", "My", "Hoa",
};

/* Ethnicities of the few members who are not Kinh (weights among them). */
static const struct demo_word demo_minority[] = {
	{"Tày", 30}, {"Nùng", 25}, {"Mường", 20}, {"Hoa", 15}, {"Sán Dìu", 10},
};

/* Village names of the three communes, seven each. */
static const char *const demo_villages[3][7] = {
	{"Xuân Ái", "Xuân Đồng", "Xuân Ổ A", "Xuân Ổ B", "Yên Mẫn", "Viêm Xá", "Hòa Đình"},
	{"Kim Đôi", "Kim Chân", "Cổ Lãm", "Đông Yên", "Đồng Xuân", "Kim Sơn", "Trung Đồng"},
	{"Sơn Đông", "Đông Xá", "Chi Nê", "Trung Sơn", "Đại Thượng", "Mai Cương", "Xuân Hạ"},
};

#endif
