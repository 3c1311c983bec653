"""Answers written for the rubric's tests (our own words; no third-party text)."""

from __future__ import annotations

# Complete stories: situation, task, actions told with "I", a result with a before and after,
# and a tradeoff. Each must get an A or a B under every shipped profile.
COMPLETE_STORIES = {
    "nursing": (
        "Last winter I was the charge nurse on a 30-bed medical ward at a district hospital, and "
        "our patients were waiting about 50 minutes on average for pain relief after asking for it. "
        "The matron asked me to bring that under 20 minutes within two months without adding staff. "
        "I audited a week of call-bell records and found that most delays came from waiting for a "
        "second nurse to check controlled drugs. I set up a rota so that one named nurse on each shift "
        "carried the second key, and I trained the healthcare assistants to flag pain early on their "
        "rounds. I could have asked for an extra nurse at night, but that would have taken months to "
        "fund, so I accepted that the named nurse would have a lighter patient load instead. "
        "Within six weeks the average wait fell from 50 minutes to 16 minutes, and complaints about "
        "pain control dropped from nine a month to two. I learned to measure where the time goes "
        "before asking for more people."
    ),
    "software": (
        "In 2023 I was a backend engineer at a travel booking company, and our nightly price import "
        "took about six hours, so prices on the site were often a day out of date. I was asked to make "
        "the import finish before the European morning peak, which meant under two hours. I profiled "
        "the job and found that it wrote each fare to the database one row at a time. I rewrote the "
        "writer to use batched upserts and I split the import by airline so that it ran in parallel. "
        "A full rewrite in a streaming framework was the other option, but it would have taken a "
        "quarter, so I chose the smaller change and accepted that one slow airline feed would still "
        "hold up its own batch. The import went from six hours to 70 minutes, and stale-price "
        "complaints to support fell by about 40 percent in the next month. Since then I profile "
        "before I propose any rewrite."
    ),
    "retail": (
        "Two years ago I managed a garden centre with 14 staff, and our weekend queues at the tills "
        "were so long that about one customer in ten left their trolley and walked out. My goal from "
        "the area manager was to cut the walk-outs in half before the spring season. I timed the "
        "queues for three weekends and saw that plant pricing questions held up every till. I printed "
        "price labels for every plant bed, and I moved one member of staff from the café to a "
        "roaming till with a handheld scanner on Saturdays and Sundays. That meant a slower café at "
        "lunchtime, which I decided was worth it because the tills carried far more revenue. By May "
        "the walk-outs had gone from about 10 percent to 3 percent, and weekend takings rose by "
        "£4,000 a month. What I took from it is that a small fix at the bottleneck beats a big "
        "change everywhere."
    ),
    "finance": (
        "At my last job I was a senior analyst in the finance team of a logistics firm, and our "
        "month-end close took eight working days because every regional office sent its accruals "
        "in a different spreadsheet. The finance director asked me to get the close down to five "
        "days by the end of the year. I built a single accruals template with validation rules, and "
        "I ran a short training call with each of the six regional accountants. I chose to keep the "
        "old spreadsheets running in parallel for one month instead of switching everyone at once, "
        "which cost me extra reconciliation work but meant no office missed a deadline. By November "
        "the close took four days instead of eight, and audit adjustments fell from twelve to three. "
        "Looking back, the parallel month was what got the regional teams to trust the new template."
    ),
    "teaching": (
        "In my second year teaching maths at a secondary school in Leeds, only 45 percent of my "
        "Year 10 group were on track for a pass, and the head of department asked me to raise that "
        "before their mock exams in March. I needed to help the weakest students without slowing "
        "down the rest of the class. I gave every student a ten-minute diagnostic quiz each Monday "
        "and used the results to set three groups for the week. I also ran a lunchtime catch-up "
        "session twice a week for the twelve students furthest behind. The catch-up sessions took "
        "time away from my marking, so I switched to whole-class feedback sheets instead of "
        "written comments in every book. In the mocks, 71 percent of the group were on track, up "
        "from 45 percent, and eight of the twelve catch-up students passed. I learned that short, "
        "frequent checks tell me more than one big test."
    ),
    "logistics": (
        "Last year I was the shift manager at a parcel depot handling about 20,000 parcels a night, "
        "and our mis-sort rate had crept up to 2.5 percent, which meant hundreds of late deliveries "
        "every day. My task was to bring mis-sorts under 1 percent before the Christmas peak. I "
        "walked the sortation lines for a week with a tally sheet and found that most mis-sorts came "
        "from two chutes with faded postcode labels. I replaced the labels, I added a colour code "
        "for each delivery zone, and I moved our two most experienced sorters to those chutes. "
        "Moving them slowed the loading bay a little, but I judged that fewer mis-sorts would save "
        "far more time the next morning. Within a month the mis-sort rate dropped from 2.5 percent "
        "to 0.8 percent, and late deliveries fell by about 300 a day. Since then I check the "
        "physical layout before I blame the people."
    ),
}

# General how-I-work and hypothetical answers: never an A or a B.
APPROACH_ANSWERS = [
    "I usually handle conflict by talking to each person separately first. I try to understand "
    "what they actually need rather than what they are arguing about. If that does not work I "
    "would bring them together with a clear agenda. I believe most conflicts are about unclear goals.",
    "My approach to prioritisation is simple. I always list everything, I rank it by impact and "
    "effort, and I agree the top three with my manager every Monday. I make sure stakeholders know "
    "what is not being done and why. In general I find that saying no early saves a lot of pain "
    "later, and I try to keep my list visible to the whole team.",
    "If a customer were angry with me, I would first listen without interrupting. I would repeat "
    "back what I heard so they know I understood. Then I would offer two options and let them "
    "choose, because people calm down when they have some control. Afterwards I would log the "
    "issue so the team could fix the cause.",
]

NOT_ANSWERS = [
    "Sign up for our newsletter and get 10% off your first order. Free delivery on orders over "
    "£50. Follow us on social media for the latest deals. © 2024 Garden World. All rights reserved.",
    "Home | About us | Careers | Contact. We use cookies to improve your experience. Accept all "
    "cookies or manage your preferences in the privacy centre.",
]

# Keyword stuffing: rubric words with no story behind them.
STUFFED = [
    "Situation: bad. Task: fix. Action: fixed. Result: 100% better, 4x faster, tradeoff considered.",
    "Situation: critical outage, high stakes, stakeholders impacted. Task: own it end to end. "
    "Action: I took ownership, root-caused, communicated proactively, aligned stakeholders and "
    "fixed it. Result: 99.99% uptime, 5x faster, 60% cost savings, tradeoffs considered, lessons learned.",
]
