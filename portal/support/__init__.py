"""SEN Support records: the Assess-Plan-Do-Review cycle, meetings, consent, notices, passports,
the Code of Practice checklist and the evidence pack. Part of the core: journeys record into it,
it imports none of them."""
