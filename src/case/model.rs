//! The typed case file: everything the review process needs to know about one review.
//!
//! Field names are chosen for a coordinator who edits `case.json` by hand: plain words,
//! snake_case, dates as `YYYY-MM-DD`. Every field has a serde default so that a half-written
//! file still loads and [`super::validate`] can report *every* missing field at once, rather
//! than serde stopping at the first.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One review, from referral to publication.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Case {
    /// The Local Safeguarding Children Board (or safeguarding partnership) running the review.
    pub board: Board,
    /// The review itself: reference, kind, regime, people, scope.
    pub review: Review,
    /// The child the review is about.
    pub child: Child,
    /// Family members and significant others.
    pub family: Vec<FamilyMember>,
    /// Every agency involved with the child and family.
    pub agencies: Vec<Agency>,
    /// The referral that started the process, with the facts the criteria need.
    pub referral: Referral,
    /// The panel's recommendation, the Chair's decision and the notifications sent.
    pub decision: Decision,
    /// Terms of Reference agreed when the review is commissioned.
    pub terms_of_reference: TermsOfReference,
    /// Publication of the final report.
    pub publication: Publication,
    /// Under the 2018 regime: the rapid review that follows a serious incident notification.
    pub rapid_review: RapidReview,
    /// The learning chain: key episodes, findings, recommendations and the action plan.
    pub learning: super::learning::Learning,
}

/// The board that owns the review.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Board {
    /// Full name, e.g. "Northbrook Local Safeguarding Children Board".
    pub name: String,
    /// Short name used in running text, e.g. "Northbrook LSCB".
    pub short_name: String,
    /// Postal address of the Business Office, one line per entry.
    pub address: Vec<String>,
    /// Secure e-mail address to which agencies return documents.
    pub secure_email: String,
    /// The board's business manager, who coordinates the review.
    pub business_manager: Contact,
    /// The board's Independent Chair, who makes the final decision.
    pub independent_chair: String,
}

/// A person to write to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// Job title or role.
    pub role: String,
    /// E-mail address (secure where possible).
    pub email: String,
    /// Telephone number.
    pub phone: String,
}

/// The review: what kind, under which rules, led by whom, covering which period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Review {
    /// The board's reference for the review, e.g. "SCR-2016-03".
    pub reference: String,
    /// Serious Case Review, or a later kind of review.
    pub kind: ReviewKind,
    /// Which statutory guidance applies.
    pub regime: Regime,
    /// The review model agreed at commissioning.
    pub methodology: Methodology,
    /// Describes the methodology when it is `other`, or adds detail.
    pub methodology_notes: String,
    /// The independent chair of the review panel.
    pub independent_chair: String,
    /// Reviewers or authors appointed (sent to the National Panel with the decision).
    pub reviewers: Vec<Reviewer>,
    /// Members of the review panel.
    pub panel: Vec<PanelMember>,
    /// The period the review examines.
    pub scope: Period,
    /// The date the review was initiated (the Chair's decision to commission it).
    pub initiated_on: Option<NaiveDate>,
    /// The date the final report was completed.
    pub completed_on: Option<NaiveDate>,
}

/// The kinds of review a board runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    /// Serious Case Review (Working Together 2015).
    #[default]
    Scr,
    /// Local Child Safeguarding Practice Review (Working Together 2018 and later).
    Cspr,
    /// Rapid review (Working Together 2018 and later).
    RapidReview,
    /// An alternative form of case review commissioned by the board.
    Alternative,
}

/// The statutory rules that apply to the review.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Regime {
    /// Working Together 2015 and the LSCB Regulations 2006: the rules of the seed process.
    #[default]
    #[serde(rename = "2015")]
    Wt2015,
    /// Working Together 2018 and 2023: notification, rapid review, local review.
    #[serde(rename = "2018")]
    Wt2018,
}

/// The review models the process names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Methodology {
    /// Not yet agreed.
    #[default]
    NotAgreed,
    /// SCIE Learning Together.
    LearningTogether,
    /// Root Cause Analysis.
    RootCauseAnalysis,
    /// Child Practice Reviews (the Welsh model).
    ChildPracticeReview,
    /// Significant Incident Learning Process.
    Silp,
    /// Appreciative Inquiry.
    AppreciativeInquiry,
    /// Another model, described in `methodology_notes`.
    Other,
}

/// A reviewer or author.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Reviewer {
    /// Full name.
    pub name: String,
    /// Role in the review, e.g. "Lead reviewer", "Report author".
    pub role: String,
    /// Organisation, if any.
    pub organisation: String,
}

/// A member of the review panel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PanelMember {
    /// Full name.
    pub name: String,
    /// Job title.
    pub role: String,
    /// The agency id (from `agencies`) or organisation the member represents.
    pub agency: String,
}

/// A period of dates, both ends included.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Period {
    /// First day of the period.
    pub from: Option<NaiveDate>,
    /// Last day of the period.
    pub to: Option<NaiveDate>,
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Address {
    /// Street lines, house number first.
    pub lines: Vec<String>,
    /// Town or city.
    pub town: String,
    /// Postcode, e.g. "NB4 7QT".
    pub postcode: String,
}

/// A yes/no fact that may not be known yet. The criteria never guess an unknown fact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Known to be so.
    Yes,
    /// Known not to be so.
    No,
    /// Not known yet.
    #[default]
    Unknown,
}

/// The child the review is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Child {
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Other names the child was known by (nicknames, previous surnames).
    pub other_names: Vec<String>,
    /// The name used in every document meant for publication, e.g. "Child A".
    pub pseudonym: String,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Date of death, where the child died.
    pub date_of_death: Option<NaiveDate>,
    /// Date of the critical incident, where the child was seriously harmed.
    pub date_of_incident: Option<NaiveDate>,
    /// Gender as recorded.
    pub gender: String,
    /// Ethnicity as recorded.
    pub ethnicity: String,
    /// Home address at the time.
    pub address: Address,
    /// NHS number, ten digits.
    pub nhs_number: String,
    /// Legal status, e.g. "Child in need", "Looked after (s.20)".
    pub legal_status: String,
    /// Whether the child was subject to a child protection plan at the time.
    pub child_protection_plan: Answer,
    /// Where, and with whom, the child was at the time of the incident.
    pub whereabouts_at_incident: String,
    /// Places, other than agencies, whose name would locate the child (a nursery, a children's
    /// centre, a club), each optionally followed by `=` and how the report names it ("Oak Tree
    /// Nursery = the nursery"); the draft names them only so, and the publication check finds
    /// them.
    pub locating_places: Vec<String>,
    /// Whether the child was looked after by a local authority (in care) at the time: the death
    /// of a looked-after child is notified whether or not abuse or neglect is suspected.
    pub looked_after: Answer,
}

/// A family member or significant other.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FamilyMember {
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Other names the person was known by.
    pub other_names: Vec<String>,
    /// Name used in documents meant for publication, e.g. "Mother", "Sibling 1".
    pub pseudonym: String,
    /// Relationship to the child, e.g. "Mother", "Mother's partner".
    pub relationship: String,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Address, where different from the child's.
    pub address: Address,
    /// Ethnicity as recorded.
    pub ethnicity: String,
    /// NHS number, ten digits.
    pub nhs_number: String,
    /// National Insurance number.
    pub ni_number: String,
    /// Telephone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Whether the person lived in the child's household.
    pub household: Answer,
}

/// An agency involved with the child and family.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Agency {
    /// A short, unique id used in file names and chronology returns, e.g. "police".
    pub id: String,
    /// Full name, e.g. "Northbrook Police - Child Abuse Investigation Team".
    pub name: String,
    /// Sector, e.g. "Police", "Health", "Children's social care", "Education".
    pub kind: String,
    /// Who the pack is addressed to.
    pub contact: Contact,
    /// The agency's representative on the board.
    pub board_representative: Contact,
    /// Whether the agency is still involved with the family.
    pub still_involved: Answer,
    /// What the agency must return to the review.
    pub returns: Returns,
    /// The agency's involvement in a sentence, for the covering letter.
    pub involvement: String,
    /// Whether the agency's name would locate the child (the child's school, nursery or GP
    /// practice): the draft then names it only by its kind, and the publication check finds it.
    pub locates_child: bool,
    /// How the published report names the agency when it locates the child ("the school");
    /// blank: worked out from its name and sector.
    pub named_in_report_as: String,
    /// How the agency's pack reaches it when it has no secure e-mail ("by hand", "by
    /// recorded post"); blank: by secure e-mail to its contact, which must then be given.
    pub delivery: String,
}

/// What an agency must return, as agreed in the Terms of Reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Returns {
    /// A chronology on the agreed template.
    pub chronology: bool,
    /// An individual management review (IMR) or agency report.
    pub management_review: bool,
    /// A background report, for agencies with minimal involvement.
    pub background_report: bool,
}

/// The referral and the facts that the criteria are applied to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Referral {
    /// The person making the referral.
    pub referrer: Contact,
    /// The referring agency's id (from `agencies`), or an organisation's name.
    pub referring_agency: String,
    /// Whether the referral comes from the Child Death Overview Panel.
    pub from_cdop: bool,
    /// The date the referrer signed the referral.
    pub made_on: Option<NaiveDate>,
    /// The date the Business Office received the referral (panel timescales run from here).
    pub received_on: Option<NaiveDate>,
    /// Under the 2018 regime: when the local authority learned of the serious incident.
    pub incident_known_on: Option<NaiveDate>,
    /// Under the 2018 regime: when the serious incident was notified to the National Panel.
    pub notified_on: Option<NaiveDate>,
    /// Under the 2018 regime: when the rapid review was completed.
    pub rapid_review_completed_on: Option<NaiveDate>,
    /// What happened, briefly and factually.
    pub incident_summary: String,
    /// Why the referrer believes the criteria are met.
    pub reason: String,
    /// The facts the criteria decision needs.
    pub facts: CriteriaFacts,
    /// Key dates the referrer lists.
    pub key_dates: Vec<KeyDate>,
}

/// The facts the statutory criteria are applied to. `unknown` is never guessed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CriteriaFacts {
    /// Abuse or neglect of the child is known or suspected.
    pub abuse_or_neglect: Answer,
    /// The child has died.
    pub child_died: Answer,
    /// The child has been seriously harmed.
    pub seriously_harmed: Answer,
    /// There is cause for concern about how the authority, partners or others worked together.
    pub concern_about_working_together: Answer,
    /// The child died in custody, on remand, in a YOI, STC or secure children's home, or
    /// detained under the Mental Health Act.
    pub died_in_custody: Answer,
    /// Where, if `died_in_custody` is yes.
    pub custody_setting: String,
    /// A potentially life-threatening injury (an Ofsted notification fact).
    pub life_threatening_injury: Answer,
    /// Serious sexual abuse (an Ofsted notification fact).
    pub serious_sexual_abuse: Answer,
    /// Serious and permanent impairment of health or development (an Ofsted notification fact).
    pub permanent_impairment: Answer,
    /// Under the 2018 regime: the child died or was seriously harmed in the local authority's area.
    pub harmed_in_area: Answer,
    /// Under the 2018 regime: the child was normally resident in the local authority's area.
    pub normally_resident_in_area: Answer,
    /// Under the 2018 regime: the child died or was seriously harmed outside England.
    pub harmed_outside_england: Answer,
}

/// A dated event the referrer lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct KeyDate {
    /// When it happened.
    pub date: Option<NaiveDate>,
    /// What happened.
    pub event: String,
}

/// What the panel recommended, what the Chair decided, and who was told.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Decision {
    /// The date the Serious Case Review Panel considered the case.
    pub panel_considered_on: Option<NaiveDate>,
    /// The panel's recommendation.
    pub recommendation: Outcome,
    /// The date the recommendation was made to the Independent Chair.
    pub recommended_on: Option<NaiveDate>,
    /// The panel's reasons.
    pub recommendation_reasons: String,
    /// The Independent Chair's decision.
    pub chair_decision: Outcome,
    /// The date of the Chair's decision.
    pub decided_on: Option<NaiveDate>,
    /// The Chair's reasons.
    pub decision_reasons: String,
    /// The alternative review commissioned, where criteria were not met.
    pub alternative_review: String,
    /// Notifications of the decision.
    pub notifications: Vec<Notification>,
}

/// A recommendation or decision on whether to hold a review.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Not yet made.
    #[default]
    Pending,
    /// Initiate a Serious Case Review (or local review).
    Initiate,
    /// Commission an alternative form of review.
    Alternative,
    /// No review.
    NoReview,
}

/// A notification sent about the decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Notification {
    /// Who was notified.
    pub to: Recipient,
    /// When it was sent.
    pub sent_on: Option<NaiveDate>,
}

/// The bodies a decision is notified to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// Ofsted.
    #[default]
    Ofsted,
    /// The Department for Education.
    Dfe,
    /// The National Panel of Independent Experts (later the Child Safeguarding Practice Review Panel).
    NationalPanel,
    /// Members of the board.
    BoardMembers,
}

/// Terms of Reference agreed by the panel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TermsOfReference {
    /// The questions the review will answer.
    pub key_lines_of_enquiry: Vec<String>,
    /// How practitioners will be involved.
    pub practitioner_involvement: String,
    /// The legal basis for sharing information, and consent.
    pub information_sharing: String,
    /// How the family will be involved.
    pub family_involvement: FamilyInvolvement,
    /// Criminal, coronial, family court and other reviews running alongside.
    pub parallel_processes: Vec<ParallelProcess>,
    /// Dates agreed for each stage.
    pub timescales: Timescales,
    /// How the report will be published and the media handled.
    pub publication_plan: String,
}

/// Agreements about involving the family (seed §7).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FamilyInvolvement {
    /// Which family members will be invited to contribute.
    pub who: String,
    /// When they will be told of the review.
    pub when: String,
    /// Who will tell them.
    pub by_whom: String,
    /// Consent and public interest, and the effect of proceedings on contact.
    pub consent: String,
    /// How they will be kept informed of progress.
    pub feedback: String,
    /// How their views on the findings will be sought.
    pub views_on_findings: String,
}

/// A process running alongside the review.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ParallelProcess {
    /// Kind of process.
    pub kind: ProcessKind,
    /// Current status, e.g. "Investigation ongoing; charging decision awaited".
    pub status: String,
    /// Who to liaise with.
    pub contact: String,
    /// How the review will work around it.
    pub impact: String,
}

/// Kinds of parallel process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProcessKind {
    /// Police investigation and the Crown Prosecution Service.
    #[default]
    CriminalInvestigation,
    /// The coroner and an inquest.
    Inquest,
    /// Care or other family court proceedings.
    CareProceedings,
    /// A domestic homicide review.
    DomesticHomicideReview,
    /// A safeguarding adult review.
    SafeguardingAdultReview,
    /// Anything else.
    Other,
}

/// Dates agreed in the Terms of Reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Timescales {
    /// Date the request for information must be returned by.
    pub information_due: Option<NaiveDate>,
    /// Date chronologies must be returned by.
    pub chronologies_due: Option<NaiveDate>,
    /// Date management reviews and reports must be returned by.
    pub management_reviews_due: Option<NaiveDate>,
    /// Briefing session for agencies.
    pub briefing_on: Option<NaiveDate>,
    /// First panel: the narrative of the case.
    pub first_panel_on: Option<NaiveDate>,
    /// Second panel: analysis.
    pub second_panel_on: Option<NaiveDate>,
    /// Draft report due.
    pub draft_report_due: Option<NaiveDate>,
}

/// Publication of the final report (seed §10).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Publication {
    /// Date the report was sent to the National Panel (at least a week before publication).
    pub sent_to_national_panel_on: Option<NaiveDate>,
    /// Date the report was published on the board's website.
    pub published_on: Option<NaiveDate>,
    /// Date the report was taken down from the website.
    pub removed_on: Option<NaiveDate>,
    /// Contact details the published report may carry though they look personal (a charity's
    /// helpline, the partnership's public mailbox): the publication check passes over them and
    /// says so.
    pub allow: Vec<String>,
    /// Under the 2018 regime: date the report was sent to the Secretary of State (with the copy
    /// to the Panel, before publication).
    pub sent_to_secretary_of_state_on: Option<NaiveDate>,
}

/// The rapid review of a serious incident (Working Together 2018 and 2023): the partnership's
/// day plan, what it found, the decision on a local review, its view on a national review, the
/// partners' sign-off and the Panel's response. Kept apart from the 2015 fields so that a
/// coordinator sees in one place what the Panel will ask for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RapidReview {
    /// The partnership's own working days for each step; blank steps take the usual plan.
    pub plan: DayPlan,
    /// When the letters asking each agency for its summary went out.
    pub letters_sent_on: Option<NaiveDate>,
    /// When the last agency summary came in.
    pub summaries_received_on: Option<NaiveDate>,
    /// When the rapid review meeting was held.
    pub meeting_on: Option<NaiveDate>,
    /// When the rapid review report was drafted.
    pub report_drafted_on: Option<NaiveDate>,
    /// When the safeguarding partners signed the report off.
    pub signed_off_on: Option<NaiveDate>,
    /// The facts of the case, as far as they can be readily established.
    pub facts: String,
    /// Immediate action taken, or needed, to keep children safe.
    pub immediate_action: String,
    /// Learning and possible improvements identified so far.
    pub learning: String,
    /// The context of the child's identity and needs.
    pub identity_context: IdentityContext,
    /// The considerations of a local child safeguarding practice review, answered with reasons.
    pub local_review: LocalReviewConsiderations,
    /// The partners' view on whether the case may need a national review.
    pub national_review: NationalReviewView,
    /// Each partner's sign-off of the rapid review report.
    pub sign_off: Vec<SignOff>,
    /// What the Child Safeguarding Practice Review Panel replied.
    pub panel_response: PanelResponse,
}

/// The working day of each rapid review step, counted from the notification (day 0). Blank
/// means the usual plan; a partnership that plans otherwise records its own day here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DayPlan {
    /// Letters to agencies (usually day 1).
    pub letters: Option<u32>,
    /// Agency summaries due back (usually day 7).
    pub summaries_due: Option<u32>,
    /// Rapid review meeting (usually day 10).
    pub meeting: Option<u32>,
    /// Report drafted (usually day 12).
    pub report: Option<u32>,
    /// Sign-off by the safeguarding partners (usually day 14).
    pub sign_off: Option<u32>,
    /// Report sent to the Panel (usually day 15, the last day the Panel expects).
    pub sent: Option<u32>,
}

/// Race, culture, disability and other inequalities, as the Panel asks a rapid review to
/// consider them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct IdentityContext {
    /// Race and ethnicity, and how racism may have shaped the child's experience.
    pub race: String,
    /// Culture, faith and language.
    pub culture: String,
    /// Disability and special educational needs.
    pub disability: String,
    /// Other inequalities: poverty, housing, immigration status, other protected characteristics.
    pub other_inequalities: String,
}

/// A question the partners answer, with their reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Considered {
    /// Yes, no, or not yet known.
    pub answer: Answer,
    /// Why, in the partners' words.
    pub reason: String,
}

/// The local review considerations of regulation 11 of SI 2018/789, as the partners answer them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LocalReviewConsiderations {
    /// 11(a): the case highlights or may highlight improvements needed.
    pub improvements: Considered,
    /// 11(b): the case highlights or may highlight recurrent themes.
    pub recurrent_themes: Considered,
    /// 11(c): concerns about two or more agencies working together effectively.
    pub working_together: Considered,
    /// 11(d): the Panel has considered the case and concluded a local review may be more
    /// appropriate.
    pub panel_suggests_local: Considered,
}

/// The partners' view on a national review, against the Panel's criteria (regulation 3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NationalReviewView {
    /// 3(a): improvements needed, including where identified before.
    pub improvements: Considered,
    /// 3(b): issues that may need changes to legislation or guidance.
    pub legislative_change: Considered,
    /// 3(c): recurrent themes.
    pub recurrent_themes: Considered,
    /// Whether the partners think the case may need a national review, and why.
    pub view: Considered,
}

/// One safeguarding partner's sign-off of the rapid review report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SignOff {
    /// The partner, e.g. "Northbrook Council", "NHS Northbrook Integrated Care Board".
    pub partner: String,
    /// Who signed for it.
    pub name: String,
    /// Their role, e.g. "Director of Children's Services".
    pub role: String,
    /// When they signed.
    pub signed_on: Option<NaiveDate>,
}

/// The Panel's reply to the rapid review.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PanelResponse {
    /// When the reply came.
    pub received_on: Option<NaiveDate>,
    /// Whether the Panel agreed with the partners' decision on a local review.
    pub agrees_with_decision: Answer,
    /// Whether the Panel will carry out a national review.
    pub national_review: Answer,
    /// What the Panel said, in brief.
    pub comments: String,
}

impl Child {
    /// The child's full name, as written in documents for professionals.
    pub fn full_name(&self) -> String {
        join_name(&self.first_name, &self.last_name)
    }
}

impl FamilyMember {
    /// The person's full name.
    pub fn full_name(&self) -> String {
        join_name(&self.first_name, &self.last_name)
    }
}

fn join_name(first: &str, last: &str) -> String {
    match (first.trim(), last.trim()) {
        ("", l) => l.to_string(),
        (f, "") => f.to_string(),
        (f, l) => format!("{f} {l}"),
    }
}

impl Case {
    /// Finds an agency by its id.
    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == id)
    }
}
