/* interchange.c — the column tables of the interchange files. */
#include "app/interchange.h"

const struct xcol interchange_org_cols[OC__MAX] = {
	[OC_CODE] = {"Mã tổ chức", true, "XX-P01-C01"},
	[OC_NAME] = {"Tên tổ chức", true, "Chi bộ Khu phố 1"},
	[OC_KIND] = {"Loại", true, "Chi bộ trực thuộc"},
	[OC_PARENT] = {"Mã cấp trên", false, "XX-P01"},
	[OC_FOUNDED] = {"Ngày thành lập", false, "15/03/1976"},
	[OC_DISSOLVED] = {"Ngày giải thể", false, ""},
};

const struct xcol interchange_member_cols[MC__MAX] = {
	[MC_NAME] = {"Họ và tên", true, "Nguyễn Thị Lan"},
	[MC_GENDER] = {"Giới tính", true, "Nữ"},
	[MC_BIRTH] = {"Ngày sinh", false, "12/05/1990"},
	[MC_CID] = {"Số CCCD", false, "027190001234"},
	[MC_ETHNICITY] = {"Dân tộc", false, "Kinh"},
	[MC_RELIGION] = {"Tôn giáo", false, "Không"},
	[MC_ORG] = {"Mã tổ chức", true, "XX-P01-C01"},
	[MC_DECISION] = {"Ngày quyết định kết nạp", false, "02/03/2015"},
	[MC_CEREMONY] = {"Ngày kết nạp", true, "19/03/2015"},
	[MC_OFFICIAL] = {"Ngày chính thức", false, "19/03/2016"},
	[MC_CARD] = {"Số thẻ đảng viên", false, "15012345"},
	[MC_OCCUPATION] = {"Nhóm nghề nghiệp", false, "Cán bộ, công chức, viên chức"},
	[MC_EDUCATION] = {"Trình độ học vấn", false, "Đại học"},
	[MC_YOUTH] = {"Đoàn viên", false, "Không"},
	[MC_EXIT] = {"Ngày ra khỏi Đảng", false, ""},
	[MC_REASON] = {"Lý do", false, ""},
	[MC_ADMIT_ORG] = {"Tổ chức khi kết nạp", false, ""},
	[MC_MOVED] = {"Ngày chuyển đến", false, ""},
};

const struct xcol interchange_candidate_cols[CC__MAX] = {
	[CC_NAME] = {"Họ và tên", true, "Phạm Thị Hoa"},
	[CC_GENDER] = {"Giới tính", true, "Nữ"},
	[CC_BIRTH] = {"Ngày sinh", true, "12/05/2001"},
	[CC_CID] = {"Số CCCD", false, "027301000123"},
	[CC_ETHNICITY] = {"Dân tộc", false, "Kinh"},
	[CC_RELIGION] = {"Tôn giáo", false, "Không"},
	[CC_EDUCATION] = {"Trình độ học vấn", false, "Đại học"},
	[CC_OCCUPATION] = {"Nhóm nghề nghiệp", false, "Cán bộ, công chức, viên chức"},
	[CC_YOUTH] = {"Đoàn viên", false, "Có"},
	[CC_ORG] = {"Mã chi bộ", true, "XX-P01-C01"},
	[CC_SOURCE] = {"Nguồn giới thiệu", false, "Đoàn Thanh niên"},
	[CC_SOURCE_DATE] = {"Ngày vào danh sách nguồn", true, "06/01/2025"},
	[CC_HELPER] = {"Ngày phân công giúp đỡ", false, "10/01/2025"},
	[CC_COURSE] = {"Ngày chứng nhận học lớp", false, "15/03/2025"},
	[CC_DOSSIER] = {"Ngày làm đơn xin vào Đảng", false, "01/04/2025"},
	[CC_CELL] = {"Ngày chi bộ xét", false, "05/05/2025"},
	[CC_COMMITTEE] = {"Ngày đảng ủy cơ sở xét", false, "15/05/2025"},
	[CC_DECISION] = {"Ngày quyết định kết nạp", false, "20/06/2025"},
	[CC_CEREMONY] = {"Ngày kết nạp", false, "01/07/2025"},
	[CC_OFFICIAL] = {"Ngày công nhận chính thức", false, ""},
	[CC_CLOSED] = {"Ngày ra khỏi danh sách", false, ""},
	[CC_CLOSE_KIND] = {"Kết thúc", false, ""},
	[CC_CLOSE_REASON] = {"Lý do", false, ""},
};

const struct xcol interchange_target_cols[TC__MAX] = {
	[TC_ORG] = {"Mã tổ chức", true, "XX-P01"},
	[TC_YEAR] = {"Năm", true, "2027"},
	[TC_REGISTERED] = {"Chỉ tiêu đăng ký", false, "8"},
	[TC_ASSIGNED] = {"Chỉ tiêu giao", false, "10"},
	[TC_WOMEN] = {"Trong đó nữ", false, "6"},
};
