"""Demo content for the public pages, loaded by `content.demo`: a school's SEN information report
(in English for a primary or a secondary school, and in Welsh for Riverside Primary School) and
the guidance pages for parents and pupils.

Plain data only. StreamField values are lists of `(block_type, value)` tuples, the raw form a
StreamField accepts on assignment; rich text uses only the tags `content.blocks` allows. Report
sections never hold a "heading" block: the report template adds each section's title.

Everything is written for parents, in plain English (GOV.UK style), and follows the SEND Code of
Practice 2015 (CoP) and the SEND Regulations 2014. People, phone numbers (Ofcom's 01632 960xxx
drama range), addresses and example.org websites are fictional; links to national bodies (GOV.UK,
the ICO, the Equality Advisory and Support Service, IPSEA) are real.
"""

from __future__ import annotations

from html import escape

PHASES = ("primary", "secondary")

# The fictional local authority and services of the demo data (see `portal` seed_demo).
LOCAL_AUTHORITY = "Northshire County Council"
IASS_NAME = "Northshire SENDIASS"
IASS_PHONE = "01632 960 123"
IASS_EMAIL = "sendiass@northshire.example.org"
IASS_WEBSITE = "https://sendiass.northshire.example.org/"
OFFICE_HOURS = "Monday to Friday, 9am to 5pm"

CODE_OF_PRACTICE_URL = "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25"
SEND_TRIBUNAL_URL = "https://www.gov.uk/special-educational-needs-disability-tribunal"
ICO_COMPLAINTS_URL = "https://ico.org.uk/make-a-complaint/"
EASS_URL = "https://www.equalityadvisoryservice.com/"
IPSEA_URL = "https://www.ipsea.org.uk/"


def _link(url: str, text: str) -> str:
    return f'<a href="{url}">{text}</a>'


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _ol(*items: str) -> str:
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


# --------------------------------------------------------------------------------------------
# The SEN information report (SEND Regulations 2014, Schedule 1; Children and Families Act 2014
# s.69). One entry per field of `content.report.EDITABLE_SECTIONS`.
# --------------------------------------------------------------------------------------------


def report_summary(school_name: str) -> str:
    """A plain-text summary for the top of the report."""
    return (
        f"This report explains how {school_name} supports pupils with special educational needs "
        "(SEN) and disabilities. It tells you how we find out what your child needs, the support "
        "we give, and how we work with you and your child. We meet parents at least three times "
        "a year to agree and review support, and we always ask for your child's own views. If "
        "you have a question or a worry, talk to your child's teacher or our SENCO (special "
        "educational needs co-ordinator)."
    )


def report_sections(school_name: str, phase: str) -> dict[str, list]:
    """The report's sections for a mainstream school in England, keyed by StreamField name."""
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {PHASES}, not {phase!r}")
    primary = phase == "primary"

    def pick(for_primary: str, for_secondary: str) -> str:
        return for_primary if primary else for_secondary

    school = escape(school_name, quote=False)
    teacher = pick("your child's class teacher", "your child's form tutor or subject teachers")

    return {
        "sir_1": [
            (
                "paragraph",
                _p(
                    f"{school} is a mainstream {phase} school. We welcome pupils with a wide "
                    "range of special educational needs (SEN). A pupil has SEN if they have a "
                    "learning difficulty or disability that means they need support that is "
                    "different from, or extra to, what most pupils of the same age get.",
                    "We support pupils in all four broad areas of need set out in the SEND "
                    "Code of Practice:",
                )
                + _ul(
                    "<b>communication and interaction</b>, for example speech and language "
                    "needs or autism",
                    "<b>cognition and learning</b>, for example dyslexia, dyscalculia or "
                    "moderate learning difficulties",
                    "<b>social, emotional and mental health</b>, for example anxiety, "
                    "attachment difficulties or ADHD",
                    "<b>sensory and/or physical needs</b>, for example a hearing or vision "
                    "impairment, or a physical disability",
                )
                + _p(
                    "Most of our pupils with SEN get <b>SEN Support</b> from the school. A "
                    "smaller number also have an Education, Health and Care (EHC) plan from "
                    "the local authority."
                ),
            ),
            (
                "callout",
                {
                    "text": _p(
                        "Many pupils have needs in more than one area. We plan support around "
                        "your child, not around a label. <b>Your child does not need a "
                        "diagnosis to get support.</b>"
                    )
                },
            ),
        ],
        "sir_2": [
            (
                "paragraph",
                _p(
                    "We check the progress of every pupil every term. A pupil may have SEN if "
                    "they make much less progress than we expect, even with good teaching that "
                    "has been adapted for them. We also listen when you, your child or a member "
                    "of staff tell us about a worry.",
                    pick(
                        "In Nursery and Reception we watch closely how children talk, play, "
                        "move and get on with others. We check every child's speech and "
                        "language when they start school.",
                        "When pupils join us in Year 7, we read the information from their "
                        "primary school and talk to their teachers. Every pupil takes a reading "
                        "test in their first term, so we can spot anyone who needs help.",
                    ),
                    "If we think your child may have SEN, this is what happens:",
                )
                + _ol(
                    "We talk to you. Then "
                    + pick("your child's class teacher", "your child's form tutor")
                    + " talks to our SENCO (special educational needs co-ordinator).",
                    "We gather evidence: classwork, assessments, observations and, where "
                    "useful, short checks of reading, spelling, maths, speech or language.",
                    "We meet you and your child to talk about what we have found, and to hear "
                    "your views and your child's views.",
                    "Together we decide whether your child has SEN. If they do, we tell you in "
                    "writing and add them to our SEN register.",
                ),
            ),
            (
                "callout",
                {
                    "text": _p(
                        "Slow progress does not always mean SEN. Learning English as an "
                        "additional language is not SEN on its own. Behaviour is not SEN in "
                        "itself, but we always look for what lies behind it."
                    )
                },
            ),
        ],
        "sir_3a": [
            (
                "paragraph",
                _p(
                    "We check that our support makes a difference. For each kind of support, "
                    "we record where your child started, what support they had, and where they "
                    "got to. We compare this with the outcomes we agreed with you.",
                    "Our SENCO looks at this across the whole school every term. If a kind of "
                    "support is not working well enough, we change it or stop it. The SENCO "
                    "reports to the governors every year, and our SEN governor meets the SENCO "
                    "every term.",
                    "We ask parents and pupils what they think of our support. We use what you "
                    "tell us to improve it, and we update this report at least once a year.",
                ),
            ),
        ],
        "sir_3b": [
            (
                "paragraph",
                _p(
                    "We use a cycle called the graduated approach: <b>Assess, Plan, Do, "
                    "Review</b>. It is set out in the SEND Code of Practice (paragraph 6.44)."
                )
                + _ul(
                    "<b>Assess</b>: we find out what your child needs, using our own "
                    "assessments, your views and your child's views.",
                    "<b>Plan</b>: with you and your child, we agree the outcomes we are working "
                    "towards, the support, the difference we expect it to make, and a review "
                    "date.",
                    f"<b>Do</b>: {teacher} and our support staff give the support, with help "
                    "and advice from the SENCO.",
                    "<b>Review</b>: on the review date, we look at the difference the support "
                    "has made and agree the next steps with you and your child.",
                )
                + _p(
                    "We repeat the cycle for as long as your child needs it. Each time, we also "
                    "check that our understanding of your child's needs is still right."
                ),
            ),
            (
                "callout",
                {
                    "text": _p(
                        "We meet you <b>at least three times a year</b> to agree and review "
                        "your child's outcomes. After each meeting, we send you a written "
                        "record of what we agreed through the portal."
                    )
                },
            ),
        ],
        "sir_3c": [
            (
                "paragraph",
                _p(
                    pick(
                        "Every teacher is a teacher of pupils with SEN. Your child's class "
                        "teacher is responsible for their progress, even when a teaching "
                        "assistant or a specialist also works with them.",
                        "Every teacher is a teacher of pupils with SEN. Each subject teacher is "
                        "responsible for the progress of every pupil they teach, even when a "
                        "teaching assistant or a specialist also works with them.",
                    ),
                    "Good teaching comes first. Our teachers adapt their lessons so everyone "
                    "can take part. For example, they break tasks into small steps, give "
                    "instructions out loud and in writing, use pictures and objects, teach key "
                    "words before a lesson, and check often that pupils have understood.",
                    "Every member of staff who works with your child can see their pupil "
                    "passport. This is a short page that sets out what your child needs, what "
                    "helps them and which strategies to use.",
                ),
            ),
        ],
        "sir_3d": [
            (
                "paragraph",
                _p(
                    "We make changes so that your child can learn alongside their "
                    "classmates. These may include:"
                )
                + _ul(
                    pick(
                        "visual timetables, clear routines and warnings before changes",
                        "lesson resources shared in advance, in larger print or on coloured "
                        "paper if that helps",
                    ),
                    "seating that helps your child hear, see or concentrate",
                    "writing frames, word mats, laptops or speech-to-text software",
                    "movement breaks, and a quiet space to go to when things feel too much",
                    "ear defenders, wobble cushions and other sensory aids",
                    pick(
                        "a calm, clutter-free classroom with clear labels",
                        "a time-out card, and a quiet place to go at break and lunch",
                    ),
                )
                + _p(
                    "We plan these changes with you and your child. We write them in your "
                    "child's pupil passport so every member of staff knows about them."
                ),
            ),
        ],
        "sir_3e": [
            (
                "paragraph",
                _p(
                    "Some pupils need more than our everyday teaching. This extra help is "
                    "called SEN Support. Depending on your child's needs, it may include:"
                )
                + pick(
                    _ul(
                        "small-group sessions, for example extra phonics, reading, maths or "
                        "speech and language work",
                        "short one-to-one sessions with a trained teaching assistant",
                        "a social skills or friendship group",
                        "advice from a specialist, such as a speech and language therapist or "
                        "an educational psychologist",
                    ),
                    _ul(
                        "small-group reading, spelling and maths sessions",
                        "help with organisation, revision and homework at our homework club",
                        "mentoring from a trusted adult",
                        "advice from a specialist, such as a speech and language therapist or "
                        "an educational psychologist",
                        "access arrangements for exams, such as extra time, a reader or a "
                        "laptop, under the Joint Council for Qualifications (JCQ) rules",
                    ),
                )
                + _p(
                    "Most sessions run for a set number of weeks, so we can check whether they "
                    "are working."
                ),
            ),
            (
                "callout",
                {
                    "text": _p(
                        "We always tell you whether support comes from our <b>core offer</b> "
                        "(what we give every pupil) or is <b>additional or different</b> "
                        "support for your child. You can see this in the portal."
                    )
                },
            ),
        ],
        "sir_3f": [
            (
                "paragraph",
                _p(
                    pick(
                        "All our pupils can take part in clubs, trips, sports days, school "
                        "plays and our Year 6 residential.",
                        "All our pupils can take part in clubs, trips, sports fixtures, "
                        "performances, work experience and the Duke of Edinburgh's Award.",
                    ),
                    "We make reasonable adjustments so your child can join in. Before a trip, "
                    "we talk to you about what your child needs. Where needed, we write a risk "
                    "assessment with you and arrange extra adult support.",
                    "We never leave a pupil out of an activity because of their SEN or disability.",
                ),
            ),
        ],
        "sir_3g": [
            (
                "paragraph",
                _p(
                    pick(
                        "We look after the wellbeing of every pupil. Every class has regular "
                        "time to talk about feelings and friendships. Our trained emotional "
                        "literacy support assistant (ELSA) works with pupils who need extra help "
                        "with worries, anger or friendships. Lunchtime clubs give pupils a calm "
                        "place to play.",
                        "We look after the wellbeing of every pupil. Each pupil has a form tutor "
                        "and a Head of Year who know them well. Our pastoral team, a school "
                        "counsellor and the local Mental Health Support Team give extra help to "
                        "pupils who need it. A quiet room is open at break and lunch.",
                    ),
                    "We have a clear anti-bullying policy. We watch closely for bullying of "
                    "pupils with SEN or disabilities, and we act on it quickly. Our senior "
                    "mental health lead plans our work on wellbeing.",
                ),
            ),
            (
                "callout",
                {
                    "text": _p(
                        f"If you are worried about your child's mental health, talk to {teacher} "
                        "or our SENCO. We will listen, and we can help you find support."
                    )
                },
            ),
        ],
        "sir_5": [
            (
                "paragraph",
                _p(
                    "Our SENCO is a qualified teacher. They hold the National Professional "
                    "Qualification for SENCOs, the national qualification for the role.",
                    pick(
                        "Our teaching assistants are trained in the support they give, such as "
                        "phonics, speech and language, and emotional literacy (ELSA).",
                        "Our learning support team includes an assistant SENCO and teaching "
                        "assistants with training in literacy, autism and exam access "
                        "arrangements.",
                    ),
                    "All staff have training on SEN every year. This year it covered adaptive "
                    "teaching, autism, and speech, language and communication needs.",
                    "When we need expertise that we do not have, we get it from specialists: "
                    "the local authority's educational psychology and specialist teaching "
                    "services, NHS therapists, and local special schools.",
                ),
            ),
        ],
        "sir_6": [
            (
                "paragraph",
                _p(
                    "Most of the equipment pupils need, such as writing slopes, pencil grips, "
                    "fidget tools, laptops and reading software, comes from our own budget.",
                    "Some pupils need specialist equipment, such as a special chair, a radio "
                    "aid for hearing or magnifiers for sight. We work with NHS therapists and "
                    "the local authority's specialist services to get it, and to train staff "
                    "to use it.",
                    "If we cannot meet your child's needs from our own resources, we ask the "
                    "local authority for advice and, where its rules allow, for extra funding.",
                ),
            ),
        ],
        "sir_7": [
            (
                "paragraph",
                _p("You know your child best. We want to work with you.")
                + _ul(
                    "When we first think your child may have SEN, we have an early discussion "
                    "with you and your child.",
                    "We meet you at least three times a year to agree outcomes and review "
                    "progress. You can ask for a meeting at any time.",
                    "Before each review, you can give us your views through the portal or on "
                    "paper.",
                    "After each meeting, we send you a record of what we agreed: the outcomes, "
                    "the support, who will do what, and the date of the next review.",
                    "We tell you whether your child's support is part of our core offer or is "
                    "additional or different support.",
                    "You can message our SENCO through the portal. We aim to reply within 3 "
                    "school days.",
                ),
            ),
            (
                "callout",
                {
                    "text": _p(
                        "You can get free, impartial advice from the local authority's "
                        "Information, Advice and Support Service (IASS). You will find their "
                        "details later in this report."
                    )
                },
            ),
        ],
        "sir_8": [
            (
                "paragraph",
                _p(
                    pick(
                        "We listen to your child and take their views seriously. Before each "
                        "review, your child can tell us what is going well, what is hard, what "
                        "helps and what they hope for. They can do this in the portal, with "
                        "one question on each screen, pictures and read-aloud, or with an adult "
                        "they trust.",
                        "We listen to our pupils and take their views seriously. Before each "
                        "review, your child can tell us what is going well, what is hard, what "
                        "helps and what they hope for, in the portal or with an adult they "
                        "trust.",
                    ),
                    pick(
                        "Your child helps to write their pupil passport. They are invited to "
                        "join part of their review meeting, if they want to.",
                        "Your child helps to write their pupil passport and to set their own "
                        "targets. We invite them to their review meetings. As they get older, "
                        "we help them speak up for themselves, ready for the decisions they "
                        "can make for themselves from age 16.",
                    ),
                    pick(
                        "Our school council includes pupils with SEN, and tells us how we can "
                        "make school better for everyone.",
                        "Our student voice group includes pupils with SEN, and tells us how we "
                        "can make school better for everyone.",
                    ),
                ),
            ),
        ],
        "sir_9": [
            (
                "paragraph",
                _p(
                    "If you are worried about your child's support, please talk to us first. "
                    "Most worries are sorted out quickly."
                )
                + _ol(
                    f"Talk to {teacher} or our SENCO, or raise a concern through the portal. "
                    "We will tell you who is dealing with it and when to expect an answer.",
                    "If you are still unhappy, contact the headteacher.",
                    "If this does not solve the problem, make a formal complaint under our "
                    "complaints policy. It is on our website, and we can give you a paper "
                    "copy. The last stage is a panel of governors.",
                )
                + _p(
                    "If you think we did not follow our complaints policy properly, you can "
                    "then contact the Department for Education."
                ),
            ),
            (
                "paragraph",
                _p(
                    "For disagreements about SEN support, you can also use the local "
                    "authority's disagreement resolution service. It is free and independent "
                    "of the school.",
                    "If your disagreement is about an Education, Health and Care (EHC) needs "
                    "assessment or plan, you can use mediation, and then appeal to the "
                    "First-tier Tribunal (Special Educational Needs and Disability), known as "
                    "the SEND Tribunal. The SEND Tribunal also hears claims of disability "
                    "discrimination against schools.",
                ),
            ),
            (
                "callout",
                {
                    "text": _p(
                        "The local authority's Information, Advice and Support Service (IASS) "
                        "can give you free, impartial advice at any stage."
                    )
                },
            ),
        ],
        "sir_10": [
            (
                "paragraph",
                _p("Sometimes we need advice from specialists outside school. We work with:")
                + _ul(
                    "the local authority's educational psychologists and specialist teachers, "
                    "for example for autism, hearing, vision and learning",
                    "NHS speech and language therapists, occupational therapists and "
                    "physiotherapists",
                    "the school nurse and community paediatricians (children's doctors)",
                    "children and young people's mental health services (CAMHS) and the "
                    "Mental Health Support Team",
                    "early help and children's social care",
                    "local charities and voluntary groups, such as the parent carer forum",
                )
                + _p(
                    "If your family has several professionals involved, we can hold a "
                    "meeting with all of them, so that everyone works to one plan."
                ),
            ),
            (
                "callout",
                {
                    "text": _p(
                        "<b>We always ask for your consent before we involve a professional "
                        "from outside the school.</b> We explain why, and we share their advice "
                        "with you. The only exception is when we are worried about a child's "
                        "safety: then we follow our safeguarding policy."
                    )
                },
            ),
        ],
        "sir_12": pick(
            [
                (
                    "paragraph",
                    _p("Changes can be hard for pupils with SEN, so we plan them carefully.")
                    + _ul(
                        "<b>Starting school</b>: we talk to you and your child's nursery before "
                        "your child starts, and visit them at nursery or at home where we can.",
                        "<b>Moving to a new class</b>: your child meets their new teacher in "
                        "the summer term. They can take home a booklet with photos of their "
                        "new classroom and staff. Their new teacher reads their pupil passport "
                        "before September.",
                        "<b>Moving to secondary school</b>: our SENCO talks to the SENCO at "
                        "your child's new school and passes on their records. We can arrange "
                        "extra visits and a transition plan. If your child has an EHC plan, "
                        "the local authority must name their secondary school in the plan by "
                        "15 February of Year 6.",
                    ),
                ),
                (
                    "paragraph",
                    _p(
                        "Preparing for adult life starts early. We help your child to become "
                        "more independent, make friends, stay healthy and talk about their "
                        "hopes for the future."
                    ),
                ),
            ],
            [
                (
                    "paragraph",
                    _p("Changes can be hard for pupils with SEN, so we plan them carefully.")
                    + _ul(
                        "<b>Joining us in Year 7</b>: our SENCO talks to your child's primary "
                        "school. We offer extra visits, a summer transition day and a photo "
                        "guide to the school.",
                        "<b>Choosing options in Year 9</b>: we talk with you and your child "
                        "about subjects and courses that fit their strengths and plans.",
                        "<b>Careers advice</b>: every pupil gets independent careers guidance. "
                        "Our careers adviser meets pupils with SEN early, and can meet you "
                        "too.",
                        "<b>After Year 11</b>: young people stay in education or training "
                        "until they are 18. Options include a sixth form, a further education "
                        "college, an apprenticeship, or a supported internship for young "
                        "people with an EHC plan. We help your child visit and apply.",
                    ),
                ),
                (
                    "paragraph",
                    _p(
                        "From Year 9, your child's reviews look ahead to adult life: work, "
                        "living as independently as possible, friends and community, and good "
                        "health. If your child has an EHC plan and is moving to a new school "
                        "or college after Year 11, the local authority must update the plan "
                        "by 31 March of Year 11.",
                        "With your and your child's agreement, we pass on their records to "
                        "their next school or college, so their support continues.",
                    ),
                ),
            ],
        ),
        "access_admissions": [
            (
                "paragraph",
                _p(
                    "We admit disabled pupils and pupils with SEN in the same way as all other "
                    "pupils, following our published admission arrangements. We do not refuse "
                    "a place because a child has SEN or a disability, or because they need "
                    "extra support.",
                    "If your child has an EHC plan, admission works differently. The local "
                    "authority names a school in the plan after consulting it, and the named "
                    "school must admit your child.",
                    "If you are thinking of applying, you are welcome to visit. Our SENCO can "
                    "meet you to talk about your child's needs.",
                ),
            ),
        ],
        "access_equal_treatment": [
            (
                "paragraph",
                _p(
                    "Under the Equality Act 2010, we must not treat disabled pupils less "
                    "favourably than other pupils. We must also make reasonable adjustments so "
                    "that they are not at a disadvantage. We:"
                )
                + _ul(
                    "plan reasonable adjustments with you and your child, and write them in the "
                    "pupil passport",
                    "check our policies, including behaviour, uniform, attendance and homework, "
                    "so they do not unfairly disadvantage disabled pupils",
                    "think about whether a pupil's SEN or disability played a part before we "
                    "use any sanction",
                    "train all staff in equality and disability awareness",
                    "take every report of disability-related bullying or discrimination seriously",
                    "publish equality objectives and check our progress every year",
                ),
            ),
        ],
        "access_facilities": [
            (
                "paragraph",
                _p("Our site has:")
                + _ul(
                    pick(
                        "a main building on one level, with ramps to the playground and field",
                        "lifts to every floor of the main building and the science block",
                    ),
                    "step-free access to the main entrance and reception",
                    "an accessible toilet with a changing bench and hoist",
                    "a hearing loop in the reception and the hall",
                    "clear signs, good lighting and contrasting colours on steps and doors",
                    "a quiet room for pupils who need a calm space",
                    "two disabled parking bays next to the main entrance",
                ),
            ),
        ],
        "access_plan": [
            (
                "paragraph",
                _p(
                    "Our accessibility plan sets out how we will make the school more "
                    "accessible to disabled pupils over three years. It covers three things:"
                )
                + _ol(
                    "helping disabled pupils to take part in the curriculum",
                    "improving the buildings and grounds",
                    "giving information to disabled pupils in ways they can use, such as large "
                    "print, easy read or audio",
                )
                + _p(
                    "We write a new plan every three years, and the governors check our "
                    "progress every year. Our current plan runs from September 2025 to August "
                    "2028.",
                    pick(
                        "This year we are adding a sensory garden and more visual signs around "
                        "the school.",
                        "This year we are adding a second accessible toilet and making all our "
                        "lesson resources work with screen readers.",
                    ),
                ),
            ),
            (
                "callout",
                {
                    "text": _p(
                        "You can read our accessibility plan on our website. You can ask for it, "
                        "or this report, in another format or language."
                    )
                },
            ),
        ],
    }


# --------------------------------------------------------------------------------------------
# The Welsh translation of the primary report for Riverside Primary School.
# --------------------------------------------------------------------------------------------

REPORT_TITLE_CY = "Adroddiad gwybodaeth AAA"

REPORT_SUMMARY_CY = (
    "Mae'r adroddiad hwn yn esbonio sut mae Riverside Primary School yn cefnogi disgyblion ag "
    "anghenion addysgol arbennig (AAA) ac anableddau. Mae'n dweud wrthych sut rydym yn dod i "
    "wybod beth sydd ei angen ar eich plentyn, pa gymorth rydym yn ei roi, a sut rydym yn "
    "gweithio gyda chi a'ch plentyn. Rydym yn cwrdd â rhieni o leiaf dair gwaith y flwyddyn i "
    "gytuno ar y cymorth a'i adolygu, ac rydym bob amser yn gofyn am farn eich plentyn ei hun. "
    "Os oes gennych gwestiwn neu bryder, siaradwch ag athro dosbarth eich plentyn neu â'n "
    "CydAAA (cydlynydd anghenion addysgol arbennig)."
)

REPORT_SECTIONS_CY: dict[str, list] = {
    "sir_1": [
        (
            "paragraph",
            _p(
                "Mae Riverside Primary School yn ysgol gynradd yn y brif ffrwd. Rydym yn croesawu "
                "disgyblion ag amrywiaeth eang o anghenion addysgol arbennig (AAA). Mae gan "
                "ddisgybl AAA os oes ganddo anhawster dysgu neu anabledd sy'n golygu bod angen "
                "cymorth arno sy'n wahanol i'r hyn y mae'r rhan fwyaf o ddisgyblion o'r un oed "
                "yn ei gael, neu'n ychwanegol ato.",
                "Rydym yn cefnogi disgyblion ym mhob un o'r pedwar prif faes angen a nodir yn y "
                "Cod Ymarfer AAA ac Anabledd:",
            )
            + _ul(
                "<b>cyfathrebu a rhyngweithio</b>, er enghraifft anghenion lleferydd ac iaith, "
                "neu awtistiaeth",
                "<b>gwybyddiaeth a dysgu</b>, er enghraifft dyslecsia, dyscalcwlia neu "
                "anawsterau dysgu cymedrol",
                "<b>iechyd cymdeithasol, emosiynol a meddyliol</b>, er enghraifft gorbryder, "
                "anawsterau ymlyniad neu ADHD",
                "<b>anghenion synhwyraidd neu gorfforol</b>, er enghraifft nam ar y clyw neu'r "
                "golwg, neu anabledd corfforol",
            )
            + _p(
                "Mae'r rhan fwyaf o'n disgyblion ag AAA yn cael <b>Cymorth AAA</b> gan yr "
                "ysgol. Mae gan nifer llai gynllun Addysg, Iechyd a Gofal (EHC) gan yr "
                "awdurdod lleol hefyd."
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "Mae gan lawer o ddisgyblion anghenion mewn mwy nag un maes. Rydym yn "
                    "cynllunio cymorth o gwmpas eich plentyn, nid o gwmpas label. <b>Nid oes "
                    "angen diagnosis ar eich plentyn i gael cymorth.</b>"
                )
            },
        ),
    ],
    "sir_2": [
        (
            "paragraph",
            _p(
                "Rydym yn gwirio cynnydd pob disgybl bob tymor. Efallai fod gan ddisgybl AAA os "
                "yw'n gwneud llawer llai o gynnydd na'r disgwyl, hyd yn oed gydag addysgu da "
                "sydd wedi'i addasu ar ei gyfer. Rydym hefyd yn gwrando pan fyddwch chi, eich "
                "plentyn neu aelod o staff yn sôn wrthym am bryder.",
                "Yn y Feithrinfa a'r Dosbarth Derbyn, rydym yn sylwi'n ofalus ar sut mae plant "
                "yn siarad, yn chwarae, yn symud ac yn cyd-dynnu ag eraill. Rydym yn gwirio "
                "lleferydd ac iaith pob plentyn pan fydd yn dechrau yn yr ysgol.",
                "Os ydym yn meddwl bod gan eich plentyn AAA, dyma beth sy'n digwydd:",
            )
            + _ol(
                "Rydym yn siarad â chi. Yna mae athro dosbarth eich plentyn yn siarad â'n CydAAA "
                "(cydlynydd anghenion addysgol arbennig).",
                "Rydym yn casglu tystiolaeth: gwaith dosbarth, asesiadau, arsylwadau ac, os yw'n "
                "ddefnyddiol, profion byr o ddarllen, sillafu, mathemateg, lleferydd neu iaith.",
                "Rydym yn cwrdd â chi a'ch plentyn i drafod yr hyn a welsom, ac i glywed eich "
                "barn chi a barn eich plentyn.",
                "Gyda'n gilydd, rydym yn penderfynu a oes gan eich plentyn AAA. Os oes, rydym yn "
                "rhoi gwybod i chi yn ysgrifenedig ac yn ei ychwanegu at ein cofrestr AAA.",
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "Nid yw cynnydd araf bob amser yn golygu AAA. Nid yw dysgu Saesneg fel iaith "
                    "ychwanegol yn AAA ar ei ben ei hun. Nid yw ymddygiad yn AAA ynddo'i hun, ond "
                    "rydym bob amser yn chwilio am yr hyn sydd y tu ôl iddo."
                )
            },
        ),
    ],
    "sir_3a": [
        (
            "paragraph",
            _p(
                "Rydym yn gwirio bod ein cymorth yn gwneud gwahaniaeth. Ar gyfer pob math o "
                "gymorth, rydym yn cofnodi ble dechreuodd eich plentyn, pa gymorth a gafodd, a "
                "pha mor bell y daeth. Rydym yn cymharu hyn â'r canlyniadau y gwnaethom gytuno "
                "arnynt gyda chi.",
                "Mae ein CydAAA yn edrych ar hyn ar draws yr ysgol gyfan bob tymor. Os nad yw "
                "math o gymorth yn gweithio'n ddigon da, rydym yn ei newid neu'n rhoi'r gorau "
                "iddo. Mae'r CydAAA yn adrodd i'r llywodraethwyr bob blwyddyn, ac mae ein "
                "llywodraethwr AAA yn cwrdd â'r CydAAA bob tymor.",
                "Rydym yn gofyn i rieni a disgyblion beth maen nhw'n ei feddwl o'n cymorth. "
                "Rydym yn defnyddio'r hyn rydych chi'n ei ddweud wrthym i'w wella, ac rydym yn "
                "diweddaru'r adroddiad hwn o leiaf unwaith y flwyddyn.",
            ),
        ),
    ],
    "sir_3b": [
        (
            "paragraph",
            _p(
                "Rydym yn defnyddio cylch o'r enw'r dull graddedig: <b>Asesu, Cynllunio, "
                "Gwneud, Adolygu</b>. Mae wedi'i nodi yn y Cod Ymarfer AAA ac Anabledd "
                "(paragraff 6.44)."
            )
            + _ul(
                "<b>Asesu</b>: rydym yn dod i wybod beth sydd ei angen ar eich plentyn, gan "
                "ddefnyddio ein hasesiadau ein hunain, eich barn chi a barn eich plentyn.",
                "<b>Cynllunio</b>: gyda chi a'ch plentyn, rydym yn cytuno ar y canlyniadau "
                "rydym yn gweithio tuag atynt, y cymorth, y gwahaniaeth rydym yn disgwyl iddo "
                "ei wneud, a dyddiad adolygu.",
                "<b>Gwneud</b>: mae athro dosbarth eich plentyn a'n staff cymorth yn rhoi'r "
                "cymorth, gyda help a chyngor gan y CydAAA.",
                "<b>Adolygu</b>: ar y dyddiad adolygu, rydym yn edrych ar y gwahaniaeth y mae'r "
                "cymorth wedi'i wneud ac yn cytuno ar y camau nesaf gyda chi a'ch plentyn.",
            )
            + _p(
                "Rydym yn ailadrodd y cylch cyhyd ag y bydd ei angen ar eich plentyn. Bob tro, "
                "rydym hefyd yn gwirio bod ein dealltwriaeth o anghenion eich plentyn yn dal yn "
                "gywir."
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "Rydym yn cwrdd â chi <b>o leiaf dair gwaith y flwyddyn</b> i gytuno ar "
                    "ganlyniadau eich plentyn a'u hadolygu. Ar ôl pob cyfarfod, rydym yn anfon "
                    "cofnod ysgrifenedig o'r hyn a gytunwyd atoch drwy'r porth."
                )
            },
        ),
    ],
    "sir_3c": [
        (
            "paragraph",
            _p(
                "Mae pob athro yn athro i ddisgyblion ag AAA. Athro dosbarth eich plentyn sy'n "
                "gyfrifol am ei gynnydd, hyd yn oed pan fydd cynorthwyydd addysgu neu arbenigwr "
                "yn gweithio gydag ef hefyd.",
                "Addysgu da sy'n dod gyntaf. Mae ein hathrawon yn addasu eu gwersi fel bod pawb "
                "yn gallu cymryd rhan. Er enghraifft, maen nhw'n rhannu tasgau yn gamau bach, "
                "yn rhoi cyfarwyddiadau ar lafar ac yn ysgrifenedig, yn defnyddio lluniau a "
                "gwrthrychau, yn addysgu geiriau allweddol cyn gwers, ac yn gwirio'n aml bod "
                "disgyblion wedi deall.",
                "Gall pob aelod o staff sy'n gweithio gyda'ch plentyn weld ei basbort disgybl. "
                "Tudalen fer yw hon sy'n nodi beth sydd ei angen ar eich plentyn, beth sy'n ei "
                "helpu a pha strategaethau i'w defnyddio.",
            ),
        ),
    ],
    "sir_3d": [
        (
            "paragraph",
            _p(
                "Rydym yn gwneud newidiadau fel bod eich plentyn yn gallu dysgu ochr yn ochr â'i "
                "gyd-ddisgyblion. Gall y rhain gynnwys:"
            )
            + _ul(
                "amserlenni gweledol, arferion clir a rhybudd cyn newidiadau",
                "lle i eistedd sy'n helpu eich plentyn i glywed, gweld neu ganolbwyntio",
                "fframiau ysgrifennu, matiau geiriau, gliniaduron neu feddalwedd lleferydd i "
                "destun",
                "seibiannau i symud, a lle tawel i fynd iddo pan fydd pethau'n ormod",
                "amddiffynwyr clustiau, clustogau siglo a chymhorthion synhwyraidd eraill",
                "ystafell ddosbarth dawel a thaclus gyda labeli clir",
            )
            + _p(
                "Rydym yn cynllunio'r newidiadau hyn gyda chi a'ch plentyn. Rydym yn eu "
                "hysgrifennu ym mhasbort disgybl eich plentyn fel bod pob aelod o staff yn "
                "gwybod amdanynt."
            ),
        ),
    ],
    "sir_3e": [
        (
            "paragraph",
            _p(
                "Mae angen mwy na'n haddysgu bob dydd ar rai disgyblion. Cymorth AAA yw'r enw ar "
                "yr help ychwanegol hwn. Yn dibynnu ar anghenion eich plentyn, gall gynnwys:"
            )
            + _ul(
                "sesiynau mewn grwpiau bach, er enghraifft ffoneg, darllen, mathemateg neu waith "
                "lleferydd ac iaith ychwanegol",
                "sesiynau byr un-i-un gyda chynorthwyydd addysgu sydd wedi'i hyfforddi",
                "grŵp sgiliau cymdeithasol neu grŵp cyfeillgarwch",
                "cyngor gan arbenigwr, fel therapydd lleferydd ac iaith neu seicolegydd addysg",
            )
            + _p(
                "Mae'r rhan fwyaf o sesiynau'n para am nifer penodol o wythnosau, fel y gallwn "
                "wirio a ydynt yn gweithio."
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "Rydym bob amser yn dweud wrthych a yw'r cymorth yn dod o'n <b>cynnig "
                    "craidd</b> (yr hyn rydym yn ei roi i bob disgybl) neu a yw'n gymorth <b>"
                    "ychwanegol neu wahanol</b> i'ch plentyn. Gallwch weld hyn yn y porth."
                )
            },
        ),
    ],
    "sir_3f": [
        (
            "paragraph",
            _p(
                "Gall pob un o'n disgyblion gymryd rhan mewn clybiau, tripiau, diwrnodau "
                "chwaraeon, dramâu ysgol a'n taith breswyl ym Mlwyddyn 6.",
                "Rydym yn gwneud addasiadau rhesymol fel bod eich plentyn yn gallu ymuno. Cyn "
                "taith, rydym yn siarad â chi am yr hyn sydd ei angen ar eich plentyn. Os oes "
                "angen, rydym yn ysgrifennu asesiad risg gyda chi ac yn trefnu cymorth oedolyn "
                "ychwanegol.",
                "Nid ydym byth yn cadw disgybl allan o weithgaredd oherwydd ei AAA neu ei "
                "anabledd.",
            ),
        ),
    ],
    "sir_3g": [
        (
            "paragraph",
            _p(
                "Rydym yn gofalu am lesiant pob disgybl. Mae gan bob dosbarth amser rheolaidd i "
                "siarad am deimladau a chyfeillgarwch. Mae ein cynorthwyydd cymorth llythrennedd "
                "emosiynol (ELSA) sydd wedi'i hyfforddi yn gweithio gyda disgyblion sydd angen "
                "help ychwanegol gyda phryderon, dicter neu gyfeillgarwch. Mae clybiau amser "
                "cinio yn rhoi lle tawel i ddisgyblion chwarae.",
                "Mae gennym bolisi gwrth-fwlio clir. Rydym yn cadw llygad barcud am fwlio "
                "disgyblion ag AAA neu anableddau, ac rydym yn gweithredu'n gyflym. Mae ein "
                "huwch arweinydd iechyd meddwl yn cynllunio ein gwaith ar lesiant.",
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "Os ydych chi'n poeni am iechyd meddwl eich plentyn, siaradwch ag athro "
                    "dosbarth eich plentyn neu â'n CydAAA. Byddwn yn gwrando, a gallwn eich "
                    "helpu i ddod o hyd i gymorth."
                )
            },
        ),
    ],
    "sir_5": [
        (
            "paragraph",
            _p(
                "Mae gan ein CydAAA Statws Athro Cymwysedig a'r Cymhwyster Proffesiynol "
                "Cenedlaethol ar gyfer CydAAA, sef y cymhwyster cenedlaethol ar gyfer y rôl.",
                "Mae ein cynorthwywyr addysgu wedi'u hyfforddi yn y cymorth maen nhw'n ei roi, "
                "fel ffoneg, lleferydd ac iaith, a llythrennedd emosiynol (ELSA).",
                "Mae pob aelod o staff yn cael hyfforddiant ar AAA bob blwyddyn. Eleni roedd yn "
                "ymdrin ag addysgu ymaddasol, awtistiaeth, ac anghenion lleferydd, iaith a "
                "chyfathrebu.",
                "Pan fydd angen arbenigedd nad yw gennym, rydym yn ei gael gan arbenigwyr: "
                "gwasanaethau seicoleg addysg ac addysgu arbenigol yr awdurdod lleol, "
                "therapyddion y GIG, ac ysgolion arbennig lleol.",
            ),
        ),
    ],
    "sir_6": [
        (
            "paragraph",
            _p(
                "Mae'r rhan fwyaf o'r offer sydd ei angen ar ddisgyblion, fel llethrau "
                "ysgrifennu, gafaelion pensil, teganau aflonydd, gliniaduron a meddalwedd "
                "darllen, yn dod o'n cyllideb ein hunain.",
                "Mae angen offer arbenigol ar rai disgyblion, fel cadair arbennig, cymorth radio "
                "ar gyfer y clyw neu chwyddwydrau ar gyfer y golwg. Rydym yn gweithio gyda "
                "therapyddion y GIG a gwasanaethau arbenigol yr awdurdod lleol i'w gael, ac i "
                "hyfforddi staff i'w ddefnyddio.",
                "Os na allwn ddiwallu anghenion eich plentyn o'n hadnoddau ein hunain, rydym yn "
                "gofyn i'r awdurdod lleol am gyngor ac, os yw ei reolau'n caniatáu, am arian "
                "ychwanegol.",
            ),
        ),
    ],
    "sir_7": [
        (
            "paragraph",
            _p("Chi sy'n adnabod eich plentyn orau. Rydym eisiau gweithio gyda chi.")
            + _ul(
                "Pan fyddwn yn meddwl gyntaf y gallai fod gan eich plentyn AAA, rydym yn cael "
                "trafodaeth gynnar gyda chi a'ch plentyn.",
                "Rydym yn cwrdd â chi o leiaf dair gwaith y flwyddyn i gytuno ar ganlyniadau ac "
                "adolygu cynnydd. Gallwch ofyn am gyfarfod unrhyw bryd.",
                "Cyn pob adolygiad, gallwch roi eich barn i ni drwy'r porth neu ar bapur.",
                "Ar ôl pob cyfarfod, rydym yn anfon cofnod o'r hyn a gytunwyd atoch: y "
                "canlyniadau, y cymorth, pwy fydd yn gwneud beth, a dyddiad yr adolygiad nesaf.",
                "Rydym yn dweud wrthych a yw cymorth eich plentyn yn rhan o'n cynnig craidd neu "
                "a yw'n gymorth ychwanegol neu wahanol.",
                "Gallwch anfon neges at ein CydAAA drwy'r porth. Rydym yn anelu at ateb o fewn "
                "3 diwrnod ysgol.",
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "Gallwch gael cyngor diduedd am ddim gan Wasanaeth Gwybodaeth, Cyngor a "
                    "Chymorth yr awdurdod lleol. Fe welwch eu manylion yn nes ymlaen yn yr "
                    "adroddiad hwn."
                )
            },
        ),
    ],
    "sir_8": [
        (
            "paragraph",
            _p(
                "Rydym yn gwrando ar eich plentyn ac yn cymryd ei farn o ddifrif. Cyn pob "
                "adolygiad, gall eich plentyn ddweud wrthym beth sy'n mynd yn dda, beth sy'n "
                "anodd, beth sy'n helpu a beth mae'n gobeithio amdano. Gall wneud hyn yn y porth, "
                "gydag un cwestiwn ar bob sgrin, lluniau a darllen yn uchel, neu gydag oedolyn "
                "y mae'n ymddiried ynddo.",
                "Mae eich plentyn yn helpu i ysgrifennu ei basbort disgybl. Caiff wahoddiad i "
                "ymuno â rhan o'i gyfarfod adolygu, os yw'n dymuno.",
                "Mae ein cyngor ysgol yn cynnwys disgyblion ag AAA, ac mae'n dweud wrthym sut y "
                "gallwn wneud yr ysgol yn well i bawb.",
            ),
        ),
    ],
    "sir_9": [
        (
            "paragraph",
            _p(
                "Os ydych chi'n poeni am y cymorth y mae eich plentyn yn ei gael, siaradwch â ni "
                "yn gyntaf. Mae'r rhan fwyaf o bryderon yn cael eu datrys yn gyflym."
            )
            + _ol(
                "Siaradwch ag athro dosbarth eich plentyn neu â'n CydAAA, neu codwch bryder "
                "drwy'r porth. Byddwn yn dweud wrthych pwy sy'n delio ag ef a phryd i ddisgwyl "
                "ateb.",
                "Os ydych chi'n dal yn anhapus, cysylltwch â'r pennaeth.",
                "Os nad yw hyn yn datrys y broblem, gwnewch gŵyn ffurfiol o dan ein polisi "
                "cwynion. Mae ar ein gwefan, a gallwn roi copi papur i chi. Y cam olaf yw panel "
                "o lywodraethwyr.",
            )
            + _p(
                "Os ydych chi'n meddwl nad oeddem wedi dilyn ein polisi cwynion yn iawn, gallwch "
                "wedyn gysylltu â'r Adran Addysg."
            ),
        ),
        (
            "paragraph",
            _p(
                "Ar gyfer anghytundebau am gymorth AAA, gallwch hefyd ddefnyddio gwasanaeth "
                "datrys anghytundeb yr awdurdod lleol. Mae am ddim ac yn annibynnol ar yr ysgol.",
                "Os yw eich anghytundeb yn ymwneud ag asesiad o anghenion addysg, iechyd a gofal "
                "(EHC) neu gynllun EHC, gallwch ddefnyddio cyfryngu, ac yna apelio i'r Tribiwnlys "
                "Haen Gyntaf (Anghenion Addysgol Arbennig ac Anabledd), a elwir yn Dribiwnlys "
                "AAA ac Anabledd. Mae'r Tribiwnlys hefyd yn gwrando ar hawliadau o wahaniaethu "
                "ar sail anabledd yn erbyn ysgolion.",
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "Gall Gwasanaeth Gwybodaeth, Cyngor a Chymorth yr awdurdod lleol roi cyngor "
                    "diduedd am ddim i chi ar unrhyw adeg."
                )
            },
        ),
    ],
    "sir_10": [
        (
            "paragraph",
            _p(
                "Weithiau mae angen cyngor arnom gan arbenigwyr y tu allan i'r ysgol. Rydym yn "
                "gweithio gyda:"
            )
            + _ul(
                "seicolegwyr addysg ac athrawon arbenigol yr awdurdod lleol, er enghraifft ar "
                "gyfer awtistiaeth, y clyw, y golwg a dysgu",
                "therapyddion lleferydd ac iaith, therapyddion galwedigaethol a "
                "ffisiotherapyddion y GIG",
                "nyrs yr ysgol a phediatregwyr cymunedol (meddygon plant)",
                "gwasanaethau iechyd meddwl plant a phobl ifanc (CAMHS) a'r Tîm Cymorth Iechyd "
                "Meddwl",
                "cymorth cynnar a gofal cymdeithasol plant",
                "elusennau a grwpiau gwirfoddol lleol, fel y fforwm rhieni a gofalwyr",
            )
            + _p(
                "Os oes nifer o weithwyr proffesiynol yn ymwneud â'ch teulu, gallwn gynnal "
                "cyfarfod gyda phob un ohonynt, fel bod pawb yn gweithio i un cynllun."
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "<b>Rydym bob amser yn gofyn am eich caniatâd cyn i ni gynnwys gweithiwr "
                    "proffesiynol o'r tu allan i'r ysgol.</b> Rydym yn esbonio pam, ac rydym yn "
                    "rhannu eu cyngor gyda chi. Yr unig eithriad yw pan fyddwn yn poeni am "
                    "ddiogelwch plentyn: yna rydym yn dilyn ein polisi diogelu."
                )
            },
        ),
    ],
    "sir_12": [
        (
            "paragraph",
            _p(
                "Gall newidiadau fod yn anodd i ddisgyblion ag AAA, felly rydym yn eu cynllunio'n "
                "ofalus."
            )
            + _ul(
                "<b>Dechrau yn yr ysgol</b>: rydym yn siarad â chi a meithrinfa eich plentyn cyn "
                "i'ch plentyn ddechrau, ac yn ymweld ag ef yn y feithrinfa neu gartref lle "
                "gallwn.",
                "<b>Symud i ddosbarth newydd</b>: mae eich plentyn yn cwrdd â'i athro newydd yn "
                "nhymor yr haf. Gall fynd â llyfryn adref gyda lluniau o'i ystafell ddosbarth "
                "a'i staff newydd. Mae ei athro newydd yn darllen ei basbort disgybl cyn mis "
                "Medi.",
                "<b>Symud i'r ysgol uwchradd</b>: mae ein CydAAA yn siarad â CydAAA ysgol "
                "newydd eich plentyn ac yn trosglwyddo ei gofnodion. Gallwn drefnu ymweliadau "
                "ychwanegol a chynllun pontio. Os oes gan eich plentyn gynllun EHC, rhaid i'r "
                "awdurdod lleol enwi ei ysgol uwchradd yn y cynllun erbyn 15 Chwefror ym "
                "Mlwyddyn 6.",
            ),
        ),
        (
            "paragraph",
            _p(
                "Mae paratoi ar gyfer bywyd fel oedolyn yn dechrau'n gynnar. Rydym yn helpu eich "
                "plentyn i ddod yn fwy annibynnol, i wneud ffrindiau, i gadw'n iach ac i siarad "
                "am ei obeithion ar gyfer y dyfodol."
            ),
        ),
    ],
    "access_admissions": [
        (
            "paragraph",
            _p(
                "Rydym yn derbyn disgyblion anabl a disgyblion ag AAA yn yr un ffordd â phob "
                "disgybl arall, gan ddilyn ein trefniadau derbyn cyhoeddedig. Nid ydym yn gwrthod "
                "lle oherwydd bod gan blentyn AAA neu anabledd, nac oherwydd bod angen cymorth "
                "ychwanegol arno.",
                "Os oes gan eich plentyn gynllun EHC, mae derbyn yn gweithio'n wahanol. Mae'r "
                "awdurdod lleol yn enwi ysgol yn y cynllun ar ôl ymgynghori â hi, a rhaid i'r "
                "ysgol a enwir dderbyn eich plentyn.",
                "Os ydych chi'n ystyried gwneud cais, mae croeso i chi ymweld. Gall ein CydAAA "
                "gwrdd â chi i siarad am anghenion eich plentyn.",
            ),
        ),
    ],
    "access_equal_treatment": [
        (
            "paragraph",
            _p(
                "O dan Ddeddf Cydraddoldeb 2010, rhaid i ni beidio â thrin disgyblion anabl yn "
                "llai ffafriol na disgyblion eraill. Rhaid i ni hefyd wneud addasiadau rhesymol "
                "fel nad ydynt dan anfantais. Rydym yn:"
            )
            + _ul(
                "cynllunio addasiadau rhesymol gyda chi a'ch plentyn, ac yn eu hysgrifennu yn y "
                "pasbort disgybl",
                "gwirio ein polisïau, gan gynnwys ymddygiad, gwisg ysgol, presenoldeb a gwaith "
                "cartref, fel nad ydynt yn rhoi disgyblion anabl dan anfantais annheg",
                "ystyried a oedd AAA neu anabledd disgybl yn rhan o'r hyn a ddigwyddodd cyn i ni "
                "ddefnyddio unrhyw gosb",
                "hyfforddi pob aelod o staff mewn cydraddoldeb ac ymwybyddiaeth o anabledd",
                "cymryd pob adroddiad o fwlio neu wahaniaethu sy'n ymwneud ag anabledd o ddifrif",
                "cyhoeddi amcanion cydraddoldeb a gwirio ein cynnydd bob blwyddyn",
            ),
        ),
    ],
    "access_facilities": [
        (
            "paragraph",
            _p("Ar ein safle mae:")
            + _ul(
                "prif adeilad ar un lefel, gyda rampiau i'r iard chwarae a'r cae",
                "mynediad heb risiau i'r brif fynedfa a'r dderbynfa",
                "toiled hygyrch gyda mainc newid a theclyn codi",
                "dolen sain yn y dderbynfa a'r neuadd",
                "arwyddion clir, golau da a lliwiau cyferbyniol ar risiau a drysau",
                "ystafell dawel i ddisgyblion sydd angen lle tawel",
                "dau le parcio i bobl anabl wrth ymyl y brif fynedfa",
            ),
        ),
    ],
    "access_plan": [
        (
            "paragraph",
            _p(
                "Mae ein cynllun hygyrchedd yn nodi sut y byddwn yn gwneud yr ysgol yn fwy "
                "hygyrch i ddisgyblion anabl dros dair blynedd. Mae'n ymdrin â thri pheth:"
            )
            + _ol(
                "helpu disgyblion anabl i gymryd rhan yn y cwricwlwm",
                "gwella'r adeiladau a'r tiroedd",
                "rhoi gwybodaeth i ddisgyblion anabl mewn ffyrdd y gallant eu defnyddio, fel "
                "print bras, hawdd ei ddeall neu sain",
            )
            + _p(
                "Rydym yn ysgrifennu cynllun newydd bob tair blynedd, ac mae'r llywodraethwyr yn "
                "gwirio ein cynnydd bob blwyddyn. Mae ein cynllun presennol yn rhedeg o fis Medi "
                "2025 tan fis Awst 2028.",
                "Eleni rydym yn ychwanegu gardd synhwyraidd ac arwyddion mwy gweledol o gwmpas "
                "yr ysgol.",
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "Gallwch ddarllen ein cynllun hygyrchedd ar ein gwefan. Gallwch ofyn amdano, "
                    "neu am yr adroddiad hwn, mewn fformat neu iaith arall."
                )
            },
        ),
    ],
}


# --------------------------------------------------------------------------------------------
# Guidance pages for parents and pupils.
# --------------------------------------------------------------------------------------------

_IASS_CALLOUT = (
    "callout",
    {
        "text": _p(
            "<b>Get free, independent advice.</b> Every local authority has an Information, "
            "Advice and Support Service (IASS). It is free, confidential and impartial, and it "
            "is separate from the school. Find your local IASS through your council's website."
        )
    },
)

_WHAT_IS_SEN_SUPPORT = {
    "slug": "what-is-sen-support",
    "title": "What SEN Support is",
    "intro": (
        "SEN Support is the extra help a school gives a child with special educational needs, "
        "without an Education, Health and Care plan."
    ),
    "body": [
        (
            "paragraph",
            _p(
                "A child has special educational needs (SEN) if they have a learning difficulty "
                "or disability that means they need support that is different from, or extra "
                "to, what most children of the same age get.",
                "Most children with SEN get this help from their school, through <b>SEN "
                "Support</b>. About 1.3 million pupils in England get SEN Support. A smaller "
                "number have an Education, Health and Care (EHC) plan from their local "
                "authority.",
            ),
        ),
        ("heading", "The core offer and extra support"),
        (
            "paragraph",
            _p(
                "Every school has a <b>core offer</b>. This is what all pupils get: good "
                "teaching, adapted to the children in the class.",
                "SEN Support is <b>additional to, or different from</b>, the core offer. For "
                "example, it could be small-group reading sessions, speech and language work, "
                "or a plan to help with anxiety.",
                "The school must tell you whether your child's support comes from the core "
                "offer or is additional or different (SEND Code of Practice, paragraph 6.40).",
            ),
        ),
        (
            "question",
            {
                "question": "Does my child need a diagnosis to get SEN Support?",
                "answer": _p(
                    "No. Your child does not need a diagnosis, such as autism or dyslexia, to "
                    "get SEN Support. The school must respond to your child's needs, whatever "
                    "the cause, and whether or not they have a diagnosis."
                ),
            },
        ),
        (
            "question",
            {
                "question": "What must the school tell me?",
                "answer": _p("The school should tell you:")
                + _ul(
                    "that it has decided your child has SEN and is getting SEN Support. It "
                    "must tell you formally.",
                    "the outcomes your child is working towards, the support they will get, "
                    "the difference it should make, and the date of the next review",
                    "what was agreed at each meeting, in writing",
                    "where to get free, independent advice",
                ),
            },
        ),
        (
            "question",
            {
                "question": "Who is responsible for my child's support?",
                "answer": _p(
                    "Your child's teachers are responsible for their progress every day, even "
                    "when a teaching assistant also works with them.",
                    "Every mainstream school must have a SENCO (special educational needs "
                    "co-ordinator). The SENCO is a teacher who organises SEN Support across the "
                    "school and advises other staff. You can ask to talk to the SENCO at any "
                    "time.",
                ),
            },
        ),
        (
            "question",
            {
                "question": "What if SEN Support is not enough?",
                "answer": _p(
                    "If your child is not making enough progress even with SEN Support, you or "
                    "the school can ask the local authority for an Education, Health and Care "
                    "needs assessment. Read our guide <b>Asking for an EHC needs "
                    "assessment</b>."
                ),
            },
        ),
        _IASS_CALLOUT,
        (
            "paragraph",
            _p(
                "The rules for SEN Support are in chapter 6 of the "
                + _link(CODE_OF_PRACTICE_URL, "SEND Code of Practice (GOV.UK)")
                + "."
            ),
        ),
    ],
}

_ASSESS_PLAN_DO_REVIEW = {
    "slug": "assess-plan-do-review",
    "title": "Assess, Plan, Do, Review: how SEN Support works",
    "intro": (
        "Schools give SEN Support in a cycle of four steps, and you and your child should take "
        "part in every step."
    ),
    "body": [
        (
            "paragraph",
            _p(
                "The SEND Code of Practice calls this cycle the graduated approach (paragraph "
                "6.44). Each review leads to a new plan. As everyone learns more about what "
                "works for your child, the support can be increased, changed or reduced."
            ),
        ),
        ("heading", "1. Assess"),
        (
            "paragraph",
            _p(
                "Your child's teacher and the SENCO (special educational needs co-ordinator) "
                "find out what your child needs. They look at your child's work, progress and "
                "any assessments. They ask for your views and your child's views.",
                "Sometimes they need advice from a specialist outside the school, such as a "
                "speech and language therapist. They must ask for your consent first.",
            ),
        ),
        ("heading", "2. Plan"),
        (
            "paragraph",
            _p("You, your child and the school agree:")
            + _ul(
                "the outcomes your child is working towards",
                "the support, who will give it and how often",
                "the difference the support should make",
                "what you and your child can do to help",
                "the date of the review",
            )
            + _p(
                "Everyone who works with your child is told what was agreed. It goes in their "
                "pupil passport, a short page about what your child needs and what helps."
            ),
        ),
        ("heading", "3. Do"),
        (
            "paragraph",
            _p(
                "The school gives the support that was agreed. Your child's teacher stays "
                "responsible for their progress, even when a teaching assistant or specialist "
                "does some of the work. The SENCO helps and advises.",
                "If something changes at home or at school, tell the school. You do not need to "
                "wait for the review.",
            ),
        ),
        ("heading", "4. Review"),
        (
            "paragraph",
            _p(
                "On the review date, you, your child and the school look at what difference "
                "the support has made. Your views and your child's views are part of the "
                "review. Together you agree the next steps, and the cycle starts again.",
                "The school should also check that its understanding of your child's needs is "
                "still right.",
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "Schools should meet parents <b>at least three times a year</b> to agree "
                    "and review outcomes. After each meeting you should get a written record of "
                    "the outcomes, actions and support agreed, and the next steps. In the "
                    "portal, you can see this record at any time."
                )
            },
        ),
        (
            "question",
            {
                "question": "How can my child take part?",
                "answer": _p(
                    "Before each review, your child can tell the school what is going well, "
                    "what is hard, what helps and what they hope for. In the portal they can "
                    "answer one question at a time, with pictures and read-aloud, and without "
                    "typing. They can also talk to an adult they trust, or come to part of the "
                    "meeting."
                ),
            },
        ),
        (
            "question",
            {
                "question": "What if I do not agree with the plan?",
                "answer": _p(
                    "Say so at the meeting, or afterwards through the portal. The school must "
                    "take your concerns seriously. If you still disagree, read our guide "
                    "<b>Raising a concern</b>."
                ),
            },
        ),
    ],
}

_EHC_NEEDS_ASSESSMENT = {
    "slug": "asking-for-an-ehc-needs-assessment",
    "title": "Asking for an EHC needs assessment",
    "intro": (
        "You can ask your local authority for an Education, Health and Care needs assessment "
        "yourself, without waiting for the school."
    ),
    "body": [
        (
            "paragraph",
            _p(
                "An Education, Health and Care (EHC) needs assessment is a detailed look at "
                "your child's needs, carried out by the local authority. It may lead to an EHC "
                "plan: a legal document that sets out your child's needs and the support they "
                "must get.",
                "The local authority must carry out an assessment if your child has, or may "
                "have, special educational needs, and may need support through an EHC plan. "
                "This is the legal test in section 36 of the Children and Families Act 2014.",
            ),
        ),
        ("heading", "How to ask"),
        (
            "paragraph",
            _ol(
                "Write to your local authority's SEN team, by email or letter. Say that you "
                "are asking for an EHC needs assessment for your child.",
                "Give your child's name, date of birth and school. Explain what your child "
                "finds hard, and why the support so far has not been enough.",
                "Attach any evidence you have, such as school reports, SEN Support plans or "
                "letters from doctors or therapists. You do not need all of these.",
                "Keep a copy, and note the date you sent it.",
            )
            + _p(
                "The school can also ask. Young people aged 16 to 25 can ask for themselves. "
                "The charity " + _link(IPSEA_URL, "IPSEA") + " has free model letters."
            ),
        ),
        ("heading", "What happens next"),
        (
            "paragraph",
            _ul(
                "The local authority must decide whether to assess within <b>6 weeks</b> of "
                "getting your request, and tell you in writing.",
                "If it agrees, it collects advice from you, your child, the school, an "
                "educational psychologist, and health and social care.",
                "The whole process, from your request to a final EHC plan, must take no more "
                "than <b>20 weeks</b>. It can take longer only in a few exceptional cases.",
                "If the local authority refuses to assess, or decides not to issue a plan, you "
                "can appeal to the "
                + _link(SEND_TRIBUNAL_URL, "SEND Tribunal")
                + ". Before you appeal, you must usually talk to a mediation adviser first.",
            ),
        ),
        ("heading", "Three things that are not true"),
        (
            "question",
            {
                "question": "Do I need a report from an educational psychologist before I ask?",
                "answer": _p(
                    "No. You can ask without any report from an educational psychologist. If "
                    "the local authority decides to assess your child, it must get advice from "
                    "an educational psychologist itself, as part of the assessment."
                ),
            },
        ),
        (
            "question",
            {
                "question": (
                    "Does the local authority only accept a set number of requests each year?"
                ),
                "answer": _p(
                    "No. There is no yearly quota of requests. The local authority must "
                    "consider every request on its own merits, using the legal test."
                ),
            },
        ),
        (
            "question",
            {
                "question": "Does the school have to spend a set amount, such as £6,000, first?",
                "answer": _p(
                    "No. There is no rule that a school must spend a set sum on your child "
                    "before you can ask, or before the local authority can agree to assess. "
                    "There is no rule that your child must have had SEN Support for a set "
                    "time, either. The local authority must look at your child's needs."
                ),
            },
        ),
        (
            "callout",
            {
                "text": _p(
                    "<b>Get free, independent help.</b> Your local Information, Advice and "
                    "Support Service (IASS) can explain the process, help you write your "
                    "request and come to meetings with you. It is free, confidential and "
                    "impartial. Find your local IASS through your council's website."
                )
            },
        ),
        (
            "contact",
            {
                "name": IASS_NAME,
                "role": f"Information, Advice and Support Service for {LOCAL_AUTHORITY}",
                "phone": IASS_PHONE,
                "email": IASS_EMAIL,
                "website": IASS_WEBSITE,
                "hours": OFFICE_HOURS,
            },
        ),
    ],
}

_RAISING_A_CONCERN = {
    "slug": "raising-a-concern",
    "title": "Raising a concern",
    "intro": (
        "If you are worried about your child's support, tell the school: this page explains "
        "how, and what happens next."
    ),
    "body": [
        (
            "paragraph",
            _p(
                "Schools must take parents' concerns seriously. Most concerns are sorted out "
                "quickly, by talking to the right person."
            ),
        ),
        ("heading", "1. Talk to the school"),
        (
            "paragraph",
            _p(
                "Talk to your child's class teacher or form tutor, or to the SENCO (special "
                "educational needs co-ordinator). You can do this in person, by phone or by "
                "sending a message through the portal."
            ),
        ),
        ("heading", "2. Raise a concern in writing"),
        (
            "paragraph",
            _p(
                "If talking has not solved it, or you would rather write, choose <b>Raise a "
                "concern</b> in the portal. Say what is worrying you and what you would like "
                "to happen. You can write in your own language."
            )
            + _ul(
                "The school tells you who is dealing with your concern and the date by which "
                "you will get an answer.",
                "You can see in the portal where your concern has got to.",
                "The answer explains what the school has found and what it will do. If it "
                "needs more time, it tells you why, and gives you a new date.",
            ),
        ),
        ("heading", "3. If you are still not happy"),
        (
            "paragraph",
            _ol(
                "Contact the headteacher.",
                "Make a formal complaint under the school's complaints policy. Every school "
                "must publish one, usually on its website. The last stage is normally a panel "
                "of governors.",
                "If you think the school did not follow its complaints policy properly, "
                "contact the Department for Education.",
            ),
        ),
        (
            "question",
            {
                "question": "What if my concern is about the local authority or an EHC plan?",
                "answer": _p(
                    "Every local authority must offer a free, independent disagreement "
                    "resolution service. You can use it for disagreements about SEN support, "
                    "whether or not your child has an EHC plan.",
                    "For decisions about an EHC needs assessment or an EHC plan, you can use "
                    "mediation, and then appeal to the "
                    + _link(SEND_TRIBUNAL_URL, "SEND Tribunal")
                    + ". You can complain about how the local authority has treated you "
                    "through its own complaints process, and then to the Local Government and "
                    "Social Care Ombudsman.",
                ),
            },
        ),
        (
            "question",
            {
                "question": "What if I think my child is not safe?",
                "answer": _p(
                    "Do not wait. Tell the school's Designated Safeguarding Lead straight away, "
                    "or any member of staff. If your child is in immediate danger, call 999."
                ),
            },
        ),
        _IASS_CALLOUT,
    ],
}

_ACCESSIBILITY_STATEMENT = {
    "slug": "accessibility-statement",
    "title": "Accessibility statement",
    "intro": (
        "This statement explains how accessible this portal is, what to do if you have a "
        "problem using it, and how to complain."
    ),
    "body": [
        (
            "paragraph",
            _p(
                "This accessibility statement applies to the SEN Support portal at "
                "portal.example.org, including the pages for parents, pupils and school staff.",
                "We want as many people as possible to be able to use this website. For "
                "example, you should be able to:",
            )
            + _ul(
                "use the whole website with just a keyboard",
                "use the website with a screen reader, such as NVDA, JAWS or VoiceOver",
                "zoom in up to 400% without the text spilling off the screen",
                "change colours, contrast and fonts using your browser or device settings",
                "read the website in English, Welsh or Urdu",
                "use the pupil pages without JavaScript",
            )
            + _p(
                "We have also made the text as simple as possible. Pupil pages ask one question "
                "on each screen, with pictures and large buttons, and pupils never need to type."
            ),
        ),
        ("heading", "How accessible this website is"),
        (
            "paragraph",
            _p("We know some parts of this website are not fully accessible:")
            + _ul(
                "some older documents that schools have uploaded, such as PDF policies, may not "
                "work well with a screen reader",
                "some guidance pages are not yet translated into Welsh or Urdu",
            ),
        ),
        ("heading", "Reporting accessibility problems"),
        (
            "paragraph",
            _p(
                "If you need information on this website in a different format, such as an "
                "accessible PDF, large print, easy read, an audio recording or braille, contact "
                "us. We will reply within 5 working days.",
                "If you find a problem that is not listed on this page, or you think we are not "
                "meeting the accessibility requirements, please tell us.",
            ),
        ),
        (
            "contact",
            {
                "name": "Portal accessibility team",
                "role": "Accessibility requests and problems",
                "phone": "01632 960 400",
                "email": "accessibility@portal.example.org",
                "website": "https://portal.example.org/",
                "hours": OFFICE_HOURS,
            },
        ),
        ("heading", "Enforcement procedure"),
        (
            "paragraph",
            _p(
                "The Equality and Human Rights Commission (EHRC) is responsible for enforcing "
                "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                "Accessibility Regulations 2018 (the accessibility regulations). If you are "
                "not happy with how we respond to your complaint, contact the "
                + _link(EASS_URL, "Equality Advisory and Support Service (EASS)")
                + "."
            ),
        ),
        ("heading", "Technical information about this website's accessibility"),
        (
            "paragraph",
            _p(
                "We are committed to making this website accessible, in line with the "
                "accessibility regulations.",
                "This website is partially compliant with the Web Content Accessibility "
                "Guidelines (WCAG) version 2.2 AA standard, because of the problems listed "
                "above.",
                "We test every page with automated checks (axe) at desktop and mobile screen "
                "widths, and by hand with a keyboard, screen readers and 400% zoom.",
                "This statement was prepared in November 2026. It was last reviewed in "
                "November 2026.",
            ),
        ),
    ],
}

_PRIVACY_NOTICE = {
    "slug": "privacy-notice",
    "title": "Privacy notice",
    "intro": (
        "This notice explains what information the portal holds about you and your child, why, "
        "who can see it and what your rights are."
    ),
    "body": [
        (
            "paragraph",
            _p(
                "Your child's school uses this portal to plan, give and review support for "
                "pupils with special educational needs (SEN), and to keep in touch with you.",
                "The school is the <b>controller</b> of your information under the UK General "
                "Data Protection Regulation (UK GDPR) and the Data Protection Act 2018. If the "
                "school is an academy, the controller is the academy trust that runs it. The "
                "company that runs the portal is a <b>processor</b>: it uses your information "
                "only on the school's instructions.",
            ),
        ),
        ("heading", "What information we hold"),
        (
            "paragraph",
            _ul(
                "your child's name, date of birth, year group and school",
                "your child's needs, pupil passport, support, outcomes, meeting records and "
                "reviews",
                "your child's own views, as they gave them",
                "your name, contact details and relationship to your child",
                "your views, messages, concerns and consent decisions",
                "a record of who has viewed or changed each record, and when",
            )
            + _p(
                "Information about SEN often includes information about health or disability. "
                "The law calls this <b>special category data</b> and gives it extra protection. "
                "We protect all SEN information in this way."
            ),
        ),
        ("heading", "Why we use it, and our lawful basis"),
        (
            "paragraph",
            _p(
                "Schools must identify and support pupils with SEN, under the Children and "
                "Families Act 2014 and the SEND Code of Practice. Our lawful basis is:"
            )
            + _ul(
                "<b>public task</b>, UK GDPR Article 6(1)(e): we need the information to carry "
                "out the school's official functions",
                "for special category data, <b>substantial public interest</b>, Article "
                "9(2)(g), with the Data Protection Act 2018, Schedule 1 (statutory purposes, "
                "and safeguarding children)",
                "where we share information with health or social care professionals for your "
                "child's care, <b>health or social care</b>, Article 9(2)(h)",
            )
            + _p(
                "We do not rely on your consent to hold this information. But we always ask "
                "for your consent before we involve a professional from outside the school."
            ),
        ),
        ("heading", "Who can see it"),
        (
            "paragraph",
            _ul(
                "Staff who work with your child, such as their teachers and teaching "
                "assistants, see what they need to support your child, including the pupil "
                "passport.",
                "The SENCO and the headteacher see your child's full record.",
                "Parents and carers who are linked to your child in the portal see your "
                "child's record. They never see other children's records.",
                "The Designated Safeguarding Lead is told if something suggests a child may "
                "be at risk.",
                "The trust's SEND lead, if your school is in a trust, sees only numbers, such "
                "as how many reviews were on time. They do not see names.",
                "People outside the school see information only with your consent, or where "
                "the law requires it, for example to keep a child safe.",
            )
            + _p(
                "We never sell your information, use it for advertising, or use it to make "
                "automated decisions about you or your child."
            ),
        ),
        (
            "callout",
            {
                "text": _p(
                    "<b>Every view is recorded.</b> Each time someone opens or changes your "
                    "child's record, the portal records who it was and when. The school checks "
                    "this audit trail, and you can ask to see it."
                )
            },
        ),
        (
            "question",
            {
                "question": "How long do you keep the information?",
                "answer": _p(
                    "We keep your child's SEN record until their 25th birthday, as many "
                    "schools do, and then delete it securely. We keep the audit trail for the "
                    "same time. If your child moves school, we send their SEN record to the new "
                    "school."
                ),
            },
        ),
        (
            "question",
            {
                "question": "What are my rights?",
                "answer": _p("You have the right to:")
                + _ul(
                    "ask for a copy of the information we hold about you or your child (a "
                    "subject access request). It is free, and we will answer within one month.",
                    "ask us to correct information that is wrong",
                    "ask us to delete or limit the use of information, in some cases",
                    "object to how we use your information",
                )
                + _p(
                    "Your child has these rights too. A child who is old enough to understand "
                    "them can use them without you.",
                    "If you are unhappy with how we have used your information, please tell us "
                    "first. You can also complain to the Information Commissioner's Office: "
                    + _link(ICO_COMPLAINTS_URL, "ico.org.uk/make-a-complaint")
                    + ".",
                ),
            },
        ),
        (
            "contact",
            {
                "name": "Data protection officer",
                "role": "For questions about your information and to make a request",
                "phone": "01632 960 450",
                "email": "dpo@portal.example.org",
                "hours": OFFICE_HOURS,
            },
        ),
    ],
}

_PRIVACY_FOR_CHILDREN = {
    "slug": "privacy-for-children",
    "title": "Your information: a guide for children and young people",
    "intro": "This page tells you what we keep about you, who can see it, and what you can do.",
    "body": [
        (
            "paragraph",
            _p(
                "Your school uses this website to help you at school. To do that, we keep some "
                "information about you. This page tells you about it.",
                "You can read it with an adult you trust, if you like.",
            ),
        ),
        (
            "question",
            {
                "question": "What do we keep?",
                "answer": _ul(
                    "your name, your class and your birthday",
                    "what you find hard and what helps you learn",
                    "what you tell us about school",
                    "notes from meetings about how to help you",
                ),
            },
        ),
        (
            "question",
            {
                "question": "Who can see it?",
                "answer": _ul(
                    "the teachers and helpers who work with you",
                    "the person at school who plans extra help (the SENCO)",
                    "your parents or carers",
                )
                + _p(
                    "Other children cannot see it. People outside school can only see it if your "
                    "parents or carers say yes, or if we need to keep you safe."
                ),
            },
        ),
        (
            "callout",
            {
                "text": _p(
                    "<b>If you tell us something that makes us worried you are not safe</b>, "
                    "we will tell the person at school whose job is to keep children safe. We "
                    "do this to help you."
                )
            },
        ),
        (
            "question",
            {
                "question": "Do I have to answer every question?",
                "answer": _p(
                    'No. You can skip any question. It is fine to say "I don\'t know". Your '
                    "answers are saved as you go, so you will not lose them."
                ),
            },
        ),
        (
            "question",
            {
                "question": "Can I see what you keep about me?",
                "answer": _p(
                    "Yes. Ask your teacher, the SENCO, or your parents or carers to help you ask. "
                    "We will show you in a way you can understand. It is free."
                ),
            },
        ),
        (
            "question",
            {
                "question": "What if something is wrong?",
                "answer": _p("Tell us, and we will put it right."),
            },
        ),
        (
            "question",
            {
                "question": "How long do you keep it?",
                "answer": _p("We keep it until you are 25. Then we delete it."),
            },
        ),
        (
            "question",
            {
                "question": "Who can I talk to?",
                "answer": _p(
                    "You can talk to your teacher, the SENCO or your parents or carers. You "
                    "can also email our data protection officer. Their job is to look after "
                    "everyone's information.",
                    "If you are not happy with what we do, you or an adult can tell the "
                    "Information Commissioner's Office (ICO). They check that everyone follows "
                    "the rules about information.",
                ),
            },
        ),
        (
            "paragraph",
            _p(
                "We never sell your information. We never show you adverts. We do not use your "
                "information to guess things about you."
            ),
        ),
        (
            "contact",
            {
                "name": "Data protection officer",
                "role": "Looks after everyone's information",
                "email": "dpo@portal.example.org",
            },
        ),
    ],
}

GUIDANCE_PAGES: list[dict] = [
    _WHAT_IS_SEN_SUPPORT,
    _ASSESS_PLAN_DO_REVIEW,
    _EHC_NEEDS_ASSESSMENT,
    _RAISING_A_CONCERN,
    _ACCESSIBILITY_STATEMENT,
    _PRIVACY_NOTICE,
    _PRIVACY_FOR_CHILDREN,
]
