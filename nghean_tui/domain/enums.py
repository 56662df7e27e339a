"""Enumerations of the domain, each member carrying its Vietnamese and English label.

Members are stored by their value (a stable ASCII code); labels are for people.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING


class Labeled(str, Enum):
    """A string enum whose members are declared as ``(code, vietnamese, english)``."""

    vi: str
    en: str

    if TYPE_CHECKING:
        # What callers do: ``Role("commune")`` looks a member up by its code (or returns the
        # member given). The three-argument form below only builds the members, from their
        # declared tuples, which type checkers do not route through __new__.
        def __new__(cls, value: str) -> Labeled: ...
    else:

        def __new__(cls, code: str, vi: str, en: str) -> Labeled:
            member = str.__new__(cls, code)
            member._value_ = code
            member.vi = vi
            member.en = en
            return member

    def __str__(self) -> str:
        return self.value

    def label(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi

    @classmethod
    def parse(cls, value: str | Labeled | None) -> Labeled | None:
        """The member for ``value`` (a member or its code), ``None`` for empty."""
        if value is None or value == "":
            return None
        if isinstance(value, cls):
            return value
        return cls(value)


class Role(Labeled):
    COMMUNE = ("commune", "Công an xã", "Commune police")
    SUPERVISOR = ("supervisor", "Công an tỉnh (giám sát)", "Provincial supervisor")


class UnitKind(Labeled):
    COMMUNE = ("xa", "Xã", "Commune")
    WARD = ("phuong", "Phường", "Ward")
    PROVINCE = ("tinh", "Tỉnh", "Province")


class HamletKind(Labeled):
    BAN = ("ban", "Bản", "Village (bản)")
    THON = ("thon", "Thôn", "Village (thôn)")
    XOM = ("xom", "Xóm", "Hamlet (xóm)")
    KHOI = ("khoi", "Khối", "Block (khối)")
    TO_DAN_PHO = ("to_dan_pho", "Tổ dân phố", "Residential group")


class Sex(Labeled):
    MALE = ("male", "Nam", "Male")
    FEMALE = ("female", "Nữ", "Female")


class Ethnicity(Labeled):
    KINH = ("kinh", "Kinh", "Kinh")
    THAI = ("thai", "Thái", "Thai")
    MONG = ("mong", "Mông", "Hmong")
    KHO_MU = ("kho_mu", "Khơ Mú", "Khmu")
    O_DU = ("o_du", "Ơ Đu", "O Du")
    TAY_POONG = ("tay_poong", "Tày Poọng", "Tay Poong")
    THO = ("tho", "Thổ", "Tho")
    TAY = ("tay", "Tày", "Tay")
    HOA = ("hoa", "Hoa", "Hoa")
    OTHER = ("other", "Dân tộc khác", "Other")


class EpisodeType(Labeled):
    DRUG_USER = (
        "drug_user",
        "Quản lý người sử dụng trái phép chất ma túy",
        "Management of an illegal drug user",
    )
    VOLUNTARY_COMMUNITY = (
        "voluntary_community",
        "Cai nghiện tự nguyện tại gia đình, cộng đồng",
        "Voluntary rehabilitation at home/community",
    )
    VOLUNTARY_FACILITY = (
        "voluntary_facility",
        "Cai nghiện tự nguyện tại cơ sở cai nghiện",
        "Voluntary rehabilitation at a facility",
    )
    OPIOID_SUBSTITUTION = (
        "opioid_substitution",
        "Điều trị thay thế (methadone)",
        "Opioid substitution (methadone)",
    )
    COMPULSORY_FILE = (
        "compulsory_file",
        "Lập hồ sơ đề nghị cai nghiện bắt buộc",
        "Preparing a compulsory-rehabilitation file",
    )
    COMPULSORY_ADULT = (
        "compulsory_adult",
        "Cai nghiện bắt buộc (người thành niên)",
        "Compulsory rehabilitation, adult",
    )
    COMPULSORY_MINOR = (
        "compulsory_minor",
        "Cai nghiện bắt buộc (từ đủ 12 đến dưới 18 tuổi)",
        "Compulsory rehabilitation, age 12–17",
    )
    POST_REHAB = (
        "post_rehab",
        "Quản lý sau cai nghiện",
        "Post-rehabilitation management",
    )


class EpisodeStatus(Labeled):
    PROPOSED = ("proposed", "Đề xuất", "Proposed")
    ACTIVE = ("active", "Đang quản lý", "Active")
    STOPPED_EARLY = ("stopped_early", "Dừng trước hạn", "Stopped early")
    COMPLETED = ("completed", "Đã hoàn thành", "Completed")
    TRANSFERRED_OUT = ("transferred_out", "Đã chuyển đi", "Transferred out")
    ABSCONDED = ("absconded", "Bỏ trốn", "Absconded")


class StopReason(Labeled):
    FOUND_ADDICTED = ("found_addicted", "Xác định là người nghiện", "Found addicted")
    COMMUNE_EDUCATION = (
        "commune_education",
        "Bị áp dụng biện pháp giáo dục tại xã",
        "Commune-level education measure",
    )
    REFORM_SCHOOL = (
        "reform_school",
        "Đưa vào cơ sở giáo dục bắt buộc/trường giáo dưỡng",
        "Sent to compulsory education or reform school",
    )
    IMPRISONED = ("imprisoned", "Chấp hành án phạt tù", "Imprisoned")
    DEAD_OR_MISSING = ("dead_or_missing", "Chết hoặc mất tích", "Dead or missing")
    OTHER = ("other", "Lý do khác (ghi rõ trong ghi chú)", "Other reason (see notes)")


class ManagementRole(Labeled):
    """Roles in the management team of one episode."""

    LEADER = ("leader", "Tổ trưởng (công an xã)", "Leader (commune police)")
    DEPUTY = ("deputy", "Tổ phó (đại diện thôn, bản)", "Deputy (hamlet representative)")
    MEMBER = ("member", "Thành viên", "Member")
    CHECKIN = ("checkin", "Người được giao theo dõi", "Check-in contact")


class TestReason(Labeled):
    PERIODIC = ("periodic", "Xét nghiệm định kỳ", "Periodic test")
    SUSPICION = ("suspicion", "Có dấu hiệu sử dụng", "Suspected use")
    ON_RETURN = ("on_return", "Khi trở về địa phương", "On return")
    RANDOM = ("random", "Xét nghiệm đột xuất", "Random test")
    OTHER = ("other", "Lý do khác", "Other")


class SampleType(Labeled):
    URINE = ("urine", "Nước tiểu", "Urine")
    SALIVA = ("saliva", "Nước bọt", "Saliva")
    HAIR = ("hair", "Tóc", "Hair")
    BLOOD = ("blood", "Máu", "Blood")


class TestResult(Labeled):
    POSITIVE = ("positive", "Dương tính", "Positive")
    NEGATIVE = ("negative", "Âm tính", "Negative")


class Substance(Labeled):
    HEROIN = ("heroin", "Heroin", "Heroin")
    METH = ("meth", "Ma túy đá (methamphetamine)", "Methamphetamine")
    AMPHETAMINE = ("amphetamine", "Amphetamine", "Amphetamine")
    MDMA = ("mdma", "Thuốc lắc (MDMA)", "Ecstasy (MDMA)")
    KETAMINE = ("ketamine", "Ketamine", "Ketamine")
    CANNABIS = ("cannabis", "Cần sa", "Cannabis")
    MORPHINE = ("morphine", "Morphine", "Morphine")
    OPIUM = ("opium", "Thuốc phiện", "Opium")
    OTHER = ("other", "Chất khác", "Other")


class AssessmentResult(Labeled):
    PENDING = ("pending", "Chờ kết quả", "Pending")
    ADDICTED = ("addicted", "Nghiện ma túy", "Addicted")
    NOT_ADDICTED = ("not_addicted", "Không nghiện", "Not addicted")


class ContactKind(Labeled):
    RESIDENCE_CHECK = ("residence_check", "Kiểm tra cư trú", "Residence check")
    COUNSELLING = ("counselling", "Tư vấn, giáo dục", "Counselling")
    SUMMONS = ("summons", "Triệu tập làm việc", "Summons")
    ABSENCE = ("absence", "Vắng mặt", "Absence")
    RETURN_REPORT = ("return_report", "Trình báo khi trở về", "Report on return")


class ContactOutcome(Labeled):
    """Whether the person was found where they live. Not chosen = not known (never "present")."""

    PRESENT = ("present", "Có mặt", "Present")
    ABSENT_REPORTED = ("absent_reported", "Vắng mặt, có khai báo", "Absent, reported")
    ABSENT_UNREPORTED = ("absent_unreported", "Vắng mặt, không khai báo", "Absent, not reported")


class SupportKind(Labeled):
    VOCATIONAL_TRAINING = ("vocational_training", "Đào tạo nghề", "Vocational training")
    JOB_PLACEMENT = ("job_placement", "Giới thiệu việc làm", "Job placement")
    LOAN = ("loan", "Vay vốn", "Loan")
    MEDICAL = ("medical", "Hỗ trợ y tế", "Medical support")
    OTHER = ("other", "Hỗ trợ khác", "Other support")


class TransferDirection(Labeled):
    OUT = ("out", "Chuyển đi", "Moved out")
    IN = ("in", "Chuyển đến", "Moved in")


class TeamKind(Labeled):
    SECURITY_ORDER = (
        "security_order",
        "Tổ bảo vệ an ninh, trật tự",
        "Grassroots security and order team",
    )
    SELF_MANAGEMENT = (
        "self_management",
        "Tổ tự quản về an ninh, trật tự",
        "Self-management team on security and order",
    )
    BORDER_LANDMARK = (
        "border_landmark",
        "Tổ tự quản đường biên, mốc quốc giới",
        "Border and landmark self-management team",
    )


class TeamRole(Labeled):
    LEADER = ("leader", "Tổ trưởng", "Leader")
    DEPUTY = ("deputy", "Tổ phó", "Deputy")
    MEMBER = ("member", "Tổ viên", "Member")


class ActivityKind(Labeled):
    MEETING = ("meeting", "Họp tổ", "Meeting")
    PROPAGANDA = ("propaganda", "Tuyên truyền", "Awareness session")
    COMMITMENT = ("commitment", "Ký cam kết", "Commitment signing")
    INFORMATION = ("information", "Cung cấp thông tin cho công an", "Information passed to police")
    JOINT_PATROL = ("joint_patrol", "Tuần tra chung", "Joint patrol")


class PatrolKind(Labeled):
    COMMUNE_POLICE = ("commune_police", "Công an xã tuần tra", "Commune police patrol")
    PEOPLES = ("peoples", "Tuần tra nhân dân", "People's patrol")
    JOINT_BORDER_GUARD = (
        "joint_border_guard",
        "Phối hợp Bộ đội Biên phòng",
        "Joint with border guard",
    )
    JOINT_MILITIA = ("joint_militia", "Phối hợp dân quân", "Joint with militia")


class FindingCategory(Labeled):
    DRUG_USE = ("drug_use", "Sử dụng trái phép chất ma túy", "Drug use")
    DRUG_TRAFFICKING = (
        "drug_trafficking",
        "Mua bán, tàng trữ ma túy",
        "Drug dealing or possession",
    )
    GATHERING = ("gathering", "Tụ tập nghi vấn", "Suspicious gathering")
    NARCOTIC_PLANTS = ("narcotic_plants", "Cây có chứa chất ma túy", "Narcotic plants")
    BORDER_CROSSING = ("border_crossing", "Xuất nhập cảnh trái phép", "Illegal border crossing")
    WEAPONS = ("weapons", "Vũ khí, vật liệu nổ", "Weapons or explosives")
    GAMBLING = ("gambling", "Cờ bạc", "Gambling")
    OTHER = ("other", "Vụ việc khác", "Other incident")


class ParticipantKind(Labeled):
    OFFICER = ("officer", "Cán bộ công an", "Police officer")
    TEAM_MEMBER = ("team_member", "Thành viên tổ", "Team member")
    OTHER = ("other", "Lực lượng khác", "Other")


class HotspotKind(Labeled):
    RETAIL = ("retail", "Điểm bán lẻ ma túy", "Drug retail point")
    GATHERING = ("gathering", "Tụ điểm sử dụng ma túy", "Drug-use gathering place")
    CULTIVATION = ("cultivation", "Khu vực trồng cây có chất ma túy", "Narcotic cultivation")
    BORDER_ROUTE = ("border_route", "Đường mòn, lối mở biên giới", "Border trail or opening")
    OTHER = ("other", "Địa bàn phức tạp khác", "Other complicated point")


class HotspotStatus(Labeled):
    ACTIVE = ("active", "Đang hoạt động", "Active")
    MONITORING = ("monitoring", "Đang theo dõi", "Under watch")
    ELIMINATED = ("eliminated", "Đã triệt xóa", "Eliminated")


class TipChannel(Labeled):
    IN_PERSON = ("in_person", "Trực tiếp", "In person")
    PHONE = ("phone", "Điện thoại", "Phone")
    HOTLINE = ("hotline", "Đường dây nóng", "Hotline")
    LETTER = ("letter", "Thư, đơn", "Letter")
    MESSAGE = ("message", "Tin nhắn, mạng xã hội", "Message or social media")
    OTHER = ("other", "Hình thức khác", "Other")


class TipStatus(Labeled):
    RECEIVED = ("received", "Mới tiếp nhận", "Received")
    VERIFYING = ("verifying", "Đang xác minh", "Being verified")
    ACTED_ON = ("acted_on", "Đã xử lý", "Acted on")
    NOT_CONFIRMED = ("not_confirmed", "Không có cơ sở", "Not confirmed")


class FollowUpKind(Labeled):
    """Things that fall due, computed from the records by :mod:`nghean_tui.domain.rules`."""

    RESIDENCE_CHECK = ("residence_check", "Kiểm tra cư trú hằng tháng", "Monthly residence check")
    EPISODE_END = ("episode_end", "Hết thời hạn quản lý/cai nghiện", "Management term ends")
    DECISION = (
        "decision",
        "Ra quyết định quản lý sau xét nghiệm dương tính",
        "Management decision after a positive test",
    )
    ASSESSMENT_RESULT = (
        "assessment_result",
        "Kết quả xác định tình trạng nghiện",
        "Addiction assessment result",
    )
    COMPULSORY_FILE = (
        "compulsory_file",
        "Lập hồ sơ cai nghiện bắt buộc",
        "Compulsory-rehabilitation file",
    )
    RETURN_REPORT = ("return_report", "Trình báo sau cai nghiện", "Report after rehabilitation")
    TRANSFER_NOTICE = (
        "transfer_notice",
        "Thông báo cho xã nơi chuyển đến",
        "Notify the receiving commune",
    )


class AuditAction(Labeled):
    CREATE = ("create", "Tạo mới", "Created")
    UPDATE = ("update", "Sửa", "Updated")
    DELETE = ("delete", "Xóa", "Deleted")
    REVEAL = ("reveal", "Xem danh tính nguồn tin", "Revealed a tip source")
    UNLOCK = ("unlock", "Mở khóa", "Unlocked")
    UNLOCK_RECOVERY = (
        "unlock_recovery",
        "Mở khóa bằng mã khôi phục",
        "Unlocked with recovery code",
    )
    UNLOCK_ESCROW = ("unlock_escrow", "Khôi phục bằng khóa tỉnh", "Recovered with escrow key")
    KEYSLOT = ("keyslot", "Thay đổi mật khẩu/khóa", "Keyslot changed")
    BULK = ("bulk", "Thêm dữ liệu hàng loạt", "Bulk insert")
    IMPORT = ("import", "Nhập gói đồng bộ", "Bundle imported")
    EXPORT = ("export", "Xuất gói đồng bộ", "Bundle exported")
    TRUST = ("trust", "Tin cậy thiết bị", "Device trusted")
    REVOKE = ("revoke", "Thu hồi thiết bị", "Device revoked")
