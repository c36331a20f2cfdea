"""Labels and explanations used by the generated guide pages.

English msgids marked with ``N_``; Chinese in locale/zh_CN/LC_MESSAGES/site.po.
"""
from __future__ import annotations

from ohkit.i18n import N_

AREAS = {
    "ORG": N_("Organisation and responsibility"),
    "RULE": N_("Rules, procedures and emergency plan"),
    "DECL": N_("Hazard project declaration"),
    "MON": N_("Workplace monitoring, testing and evaluation"),
    "EXAM": N_("Occupational health examinations"),
    "REC": N_("Archives and records"),
    "TRAIN": N_("Training"),
    "NOTICE": N_("Notices, bulletin board and warning signs"),
    "PPE": N_("Personal protective equipment"),
    "FAC": N_("Protective facilities"),
    "CONST": N_("Construction projects (three simultaneities)"),
    "EMERG": N_("Emergency equipment and response"),
    "INS": N_("Work-injury insurance"),
    "FEM": N_("Female workers"),
    "MIN": N_("Minor workers (aged 16-17)"),
    "RAD": N_("Radiation workers"),
}
AREA_ORDER = list(AREAS)

# flag -> (short name, question a safety manager can answer)
FLAGS = {
    "always": (N_("Every employer"), N_("Applies to every employer, whatever its size or hazards.")),
    "haz": (N_("Has occupational hazards"), N_("Is any factor from the hazard catalogue present at your workplace (dust, chemicals, noise, heat, radiation …)?")),
    "serious": (N_("Serious-hazard employer"), N_("Is your industry rated 'serious' in the 2021 risk classification catalogue, or did your evaluation rate the firm serious?")),
    "general": (N_("General-hazard employer"), N_("You have hazards but are not a serious-hazard employer.")),
    "over_100": (N_("More than 100 workers"), N_("Does your firm employ more than 100 workers?")),
    "exposed": (N_("Workers exposed to hazards"), N_("Does anyone work at a post with a hazard factor?")),
    "high_toxic": (N_("Uses highly toxic substances"), N_("Do you use anything on the list of highly toxic substances, e.g. benzene?")),
    "toxic": (N_("Uses toxic substances"), N_("Do you use toxic chemicals at work (solvents, paints, glues, acids …)?")),
    "acute": (N_("Risk of acute poisoning or injury"), N_("Could a leak or spill injure workers at once (toxic gases, corrosives)?")),
    "radiation": (N_("Radiation work"), N_("Do you use radioactive sources or X-ray equipment?")),
    "female": (N_("Female workers"), N_("Do you employ women (pregnancy and breastfeeding rules apply)?")),
    "minor": (N_("Minor workers"), N_("Do you employ anyone aged 16 or 17?")),
    "new_project": (N_("New, rebuilt or expanded project"), N_("Are you building, rebuilding or expanding a plant, or changing technology?")),
    "union": (N_("Has a trade union"), N_("Does your firm have a trade union?")),
}

SEVERITY = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}

CONFIDENCE = {
    "confirmed": N_("confirmed"),
    "unconfirmed": N_("unconfirmed"),
}
CONFIDENCE_HELP = {
    "confirmed": N_("Seen in the official text or an official-looking source."),
    "unconfirmed": N_("Not yet seen in an official source. ohkit uses the value but marks it everywhere; check it with your local health authority."),
}

DOC_STATUS = {
    "in_force": N_("in force"),
    "repealed": N_("repealed"),
    "pending": N_("not yet in force"),
    "reference": N_("reference"),
}

CATEGORIES = {
    "dust": N_("Dust"),
    "chemical": N_("Chemical"),
    "physical": N_("Physical"),
    "radiation": N_("Radiation"),
    "biological": N_("Biological"),
    "other": N_("Other"),
}

TIERS = {
    "A": N_("full official text read"),
    "B": N_("official-looking text excerpt"),
    "C": N_("secondary summary, exam question or enterprise template"),
    "D": N_("third-party code or data: a lead only"),
}

# Tables of the records folder (RECORDS.md); used when the records layer gives no labels.
TABLES = {
    "enterprise": N_("Firm profile (enterprise.yaml)"),
    "posts": N_("Posts and hazards"),
    "workers": N_("Worker roster"),
    "exams": N_("Health examinations"),
    "training": N_("Training"),
    "monitoring": N_("Testing and evaluation"),
    "declarations": N_("Declarations"),
    "documents": N_("Document register"),
    "ppe": N_("Protective equipment issues"),
    "dose": N_("Personal dose"),
    "assignments": N_("Post history"),
    "answers": N_("Walk-through answers (answers.yaml)"),
}
TABLE_ZH_NAMES = {
    "posts": "岗位危害", "workers": "劳动者名册", "exams": "职业健康检查", "training": "职业卫生培训",
    "monitoring": "检测评价", "declarations": "申报记录", "documents": "文件台账", "ppe": "防护用品发放",
    "dose": "个人剂量", "assignments": "岗位变动",
}

SIGNS = {
    "poison": N_("Beware of poisoning"),
    "toxic_gas": N_("Beware of toxic gas"),
    "dust": N_("Mind the dust"),
    "corrosion": N_("Beware of corrosion"),
    "noise": N_("Noise is harmful"),
    "heat": N_("Mind the heat"),
    "arc": N_("Beware of arc light"),
    "infection": N_("Beware of infection"),
    "radiation": N_("Beware of ionising radiation"),
    "gas_mask": N_("Wear a gas mask"),
    "protective_clothing": N_("Wear protective clothing"),
    "ventilate": N_("Keep ventilated"),
    "dust_mask": N_("Wear a dust mask"),
    "gloves": N_("Wear protective gloves"),
    "safety_shoes": N_("Wear safety shoes"),
    "ear_protection": N_("Wear hearing protection"),
    "goggles": N_("Wear goggles"),
}

# How ohkit checks an obligation, in words (check kinds of DEVELOPING.md).
CHECK_KINDS = {
    "document_present": N_("ohkit looks in the document register (documents) for a document of the required kind; with a maximum age, the latest one must be newer than that."),
    "oh_staffing": N_("ohkit reads enterprise.yaml: the occupational-health manager (oh_manager) and management body (oh_body). Serious-hazard firms and firms with more than 100 workers need a body and a full-time manager; smaller general-hazard firms may have a part-time manager."),
    "declaration_initial": N_("ohkit looks in the declarations table for a first declaration made in the national declaration system."),
    "declaration_changes": N_("ohkit compares dates of changes (new posts, new hazards, testing results, project completion) with the change declarations that followed, and flags a change declared later than the limit."),
    "declaration_annual": N_("ohkit checks that the declaration was updated in each year: the gap between updates must lie between the minimum and maximum months."),
    "monitoring_periodic": N_("ohkit takes the latest periodic testing report in monitoring and checks its age: serious-hazard firms every 12 months, general-hazard firms every 36 months."),
    "status_evaluation": N_("ohkit takes the latest status evaluation report in monitoring and checks it is not older than the limit."),
    "results_published": N_("ohkit checks that each testing report was published on the bulletin board within the number of days after the report date."),
    "over_limit_followup": N_("For every measurement judged over the limit, ohkit looks for a later measurement at the same post and hazard that passes."),
    "daily_monitoring": N_("ohkit looks for daily monitoring entries in monitoring within the last months."),
    "high_toxic_monitoring": N_("For highly toxic substances, ohkit checks that testing is at most one month old."),
    "emergency_plan": N_("ohkit looks for an emergency plan in documents and an emergency drill within the required months."),
    "exam_pre_employment": N_("For every worker on an exposed post, ohkit looks for a pre-employment exam on or before the date the worker started at that post."),
    "exam_periodic": N_("For every worker on an exposed post, ohkit takes the latest exam and works out when the next periodic exam is due from the interval for each hazard (GBZ 188, or the firm's own exam_intervals), or the earlier next exam date the institution wrote (next_due); late exams are listed with the number of days overdue. Not met needs a confirmed date: the institution's next_due, the firm's own interval, or a recheck the institution ordered and that was not done by its date. A date given only by a GBZ 188 interval not yet confirmed against the standard's text is shown as rule unconfirmed: the exam is probably overdue, so arrange it and check the interval with your exam institution. A recheck ordered without a date is listed as due now."),
    "exam_exit": N_("For every worker who left an exposed post — leaving the firm, or moving to a post without those hazards (post history table) — ohkit looks for an exit exam in the days before leaving, or a periodic exam recent enough to count as one, covering every hazard of the post left."),
    "exam_notified": N_("ohkit checks that each exam result was given to the worker in writing (the notified date in exams) within the number of days."),
    "contraindication_placement": N_("ohkit lists every worker whose exam concluded 'occupational contraindication' and who is still on a post with that hazard."),
    "suspected_od_followup": N_("ohkit lists every exam that concluded 'suspected occupational disease' and asks whether it was reported and a diagnosis arranged."),
    "training_managers": N_("ohkit checks the training table for the principal and the occupational-health manager: the initial hours, then the yearly refresher hours."),
    "training_workers": N_("ohkit checks the training table for every exposed worker: the initial hours before starting (only rows typed initial count as initial training), then the yearly refresher hours, and retraining after a move to a post with new hazards."),
    "training_serious_before_start": N_("For workers at posts marked as serious, ohkit checks that training was passed before the worker started at the post."),
    "contract_notice": N_("ohkit checks the contract_notice column of the worker roster for every exposed worker."),
    "signs_and_cards": N_("ohkit checks that every post with a hazard has warning signs (signs_posted) and a notice card posted (card_posted); at a post marked as serious this is the law's own requirement of warning signs and a Chinese warning description."),
    "ppe_issued": N_("ohkit checks that every exposed worker received protective equipment (ppe table) within the last months."),
    "insurance_coverage": N_("ohkit compares the number of insured workers in enterprise.yaml (insurance.insured) with the number of current workers."),
    "special_status_posts": N_("ohkit lists pregnant or breastfeeding workers (special_status) at posts with hazards that are prohibited for them. Where the ban depends on the noise or heat grade, a grade written in posts.level decides; a measured level alone gives 'cannot tell', because ohkit holds no confirmed grading table."),
    "minors_posts": N_("ohkit works out each worker's age from the birth date and lists every worker who is, or in the last three years was, on a post with any occupational-disease hazard while under 18, whatever the level."),
    "minors_exams": N_("For workers under 18, ohkit checks the exams before placement, after one year of work and on turning 18."),
    "radiation_dose": N_("ohkit checks that every radiation worker's dose monitoring periods (dose table) follow each other with no gap and are no longer than the maximum days."),
    "radiation_exams": N_("ohkit checks that every radiation worker had an exam within the required months."),
    "manual": N_("Records cannot show this. `ohkit assess` asks you the question below and keeps your answer (with the date) in answers.yaml."),
}

PARAM_NAMES = {
    "kinds": N_("document kinds"),
    "max_age_months": N_("maximum age (months)"),
    "days": N_("days"),
    "project_days": N_("days after project acceptance"),
    "min_months": N_("minimum months"),
    "max_months": N_("maximum months"),
    "serious_months": N_("months (serious-hazard firm)"),
    "general_months": N_("months (general-hazard firm)"),
    "months": N_("months"),
    "drill_months": N_("months between drills"),
    "before_days": N_("days before leaving"),
    "periodic_days": N_("a periodic exam counts within (days)"),
    "initial_hours": N_("initial training (hours)"),
    "annual_hours": N_("yearly refresher (hours)"),
    "retrain_days": N_("retraining counts from (days before a change of post)"),
    "max_days": N_("maximum days"),
}

# CLI commands shown on the "Using ohkit" page.
COMMAND_PURPOSE = {
    "init": N_("start a firm folder with blank templates"),
    "validate": N_("check the records for mistakes"),
    "assess": N_("see which duties are met and which are not"),
    "report": N_("write the self-assessment report (HTML and PDF)"),
    "card": N_("print the hazard notice cards for each post"),
    "due": N_("list what falls due soon, as a list or calendar"),
}

# Search. Words Chinese search must keep whole (jieba user words; the catalogue's hazard names
# and aliases are added to these), and the pages a search for a common word should list first
# (the word becomes a search tag of those pages: Material ranks tag matches highest).
SEARCH_WORDS = ("告知卡", "体检", "职业病", "职业健康检查", "上岗前", "在岗期间", "离岗时", "危害因素",
                "防护用品", "公告栏", "警示标识", "检测报告", "申报", "培训", "噪声", "粉尘", "体检机构")
SEARCH_TAGS = {
    "exam": {"zh": "体检", "en": "health exam",
             "pages": ("obligation:EXAM-1", "obligation:EXAM-2", "obligation:EXAM-3")},
    "card": {"zh": "告知卡", "en": "notice card", "pages": ("obligation:NOTICE-3", "obligation:NOTICE-4")},
    "declare": {"zh": "申报", "en": "declaration", "pages": ("obligation:DECL-1", "obligation:DECL-4")},
    "noise": {"zh": "噪声", "en": "noise", "pages": ("hazard:noise",)},
}

# Exposure-limit kinds (hazards.yaml oel[].kind) in words; the code stays in brackets where
# testing reports print it.
OEL_KINDS = {
    "PC-TWA": N_("8-hour average (PC-TWA)"),
    "PC-STEL": N_("15-minute short-term (PC-STEL)"),
    "MAC": N_("Never to be exceeded (MAC)"),
    "peak": N_("Peak sound level of impulse noise"),
    "LEX8h": N_("8-hour noise exposure (LEX,8h)"),
    "LEX40h": N_("40-hour weekly noise exposure (LEX,40h)"),
    "WBGT": N_("Heat index (WBGT)"),
    "dose": N_("Effective dose"),
    "irradiance": N_("Irradiance"),
    "radiant_exposure": N_("Radiant exposure"),
    "a_hw4": N_("Hand-arm vibration, 4-hour equivalent"),
}
# Header of the column that says which part of the limit table a row is for, by hazard category.
OEL_QUALIFIER = {
    "dust": N_("Dust fraction"),
    "chemical": N_("Form"),
    "physical": N_("Applies to"),
    "radiation": N_("Period"),
}
