/* interchange.c — the column tables of the interchange files. */
#include "app/interchange.h"

const struct xcol interchange_org_cols[OC__MAX] = {
	[OC_CODE] = {"Mã tổ chức", true},
	[OC_NAME] = {"Tên tổ chức", true},
	[OC_KIND] = {"Loại", true},
	[OC_PARENT] = {"Mã cấp trên", false},
	[OC_FOUNDED] = {"Ngày thành lập", false},
	[OC_DISSOLVED] = {"Ngày giải thể", false},
};

const struct xcol interchange_member_cols[MC__MAX] = {
	[MC_NAME] = {"Họ và tên", true},
	[MC_GENDER] = {"Giới tính", true},
	[MC_BIRTH] = {"Ngày sinh", false},
	[MC_CID] = {"Số CCCD", false},
	[MC_ETHNICITY] = {"Dân tộc", false},
	[MC_RELIGION] = {"Tôn giáo", false},
	[MC_ORG] = {"Mã tổ chức", true},
	[MC_DECISION] = {"Ngày quyết định kết nạp", false},
	[MC_CEREMONY] = {"Ngày kết nạp", true},
	[MC_OFFICIAL] = {"Ngày chính thức", false},
	[MC_CARD] = {"Số thẻ đảng viên", false},
	[MC_OCCUPATION] = {"Nhóm nghề nghiệp", false},
	[MC_EDUCATION] = {"Trình độ học vấn", false},
	[MC_YOUTH] = {"Đoàn viên", false},
	[MC_EXIT] = {"Ngày ra khỏi Đảng", false},
	[MC_REASON] = {"Lý do", false},
	[MC_ADMIT_ORG] = {"Tổ chức khi kết nạp", false},
	[MC_MOVED] = {"Ngày chuyển đến", false},
};

const struct xcol interchange_candidate_cols[CC__MAX] = {
	[CC_NAME] = {"Họ và tên", true},
	[CC_GENDER] = {"Giới tính", true},
	[CC_BIRTH] = {"Ngày sinh", true},
	[CC_CID] = {"Số CCCD", false},
	[CC_ETHNICITY] = {"Dân tộc", false},
	[CC_RELIGION] = {"Tôn giáo", false},
	[CC_EDUCATION] = {"Trình độ học vấn", false},
	[CC_OCCUPATION] = {"Nhóm nghề nghiệp", false},
	[CC_YOUTH] = {"Đoàn viên", false},
	[CC_ORG] = {"Mã chi bộ", true},
	[CC_SOURCE] = {"Nguồn giới thiệu", false},
	[CC_SOURCE_DATE] = {"Ngày vào danh sách nguồn", true},
	[CC_HELPER] = {"Ngày phân công giúp đỡ", false},
	[CC_COURSE] = {"Ngày chứng nhận học lớp", false},
	[CC_DOSSIER] = {"Ngày làm đơn xin vào Đảng", false},
	[CC_CELL] = {"Ngày chi bộ xét", false},
	[CC_COMMITTEE] = {"Ngày đảng ủy cơ sở xét", false},
	[CC_DECISION] = {"Ngày quyết định kết nạp", false},
	[CC_CEREMONY] = {"Ngày kết nạp", false},
	[CC_OFFICIAL] = {"Ngày công nhận chính thức", false},
};

const struct xcol interchange_target_cols[TC__MAX] = {
	[TC_ORG] = {"Mã tổ chức", true},
	[TC_YEAR] = {"Năm", true},
	[TC_REGISTERED] = {"Chỉ tiêu đăng ký", false},
	[TC_ASSIGNED] = {"Chỉ tiêu giao", false},
	[TC_WOMEN] = {"Trong đó nữ", false},
};
