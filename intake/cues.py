"""The words that tell intake what a sentence reports: a group's claim and of what kind, an
abuse and of what type, who is speaking, how the claim was made, who the victims are.

Each cue is a general pattern of news and NGO-report English, in the order that decides
between them (a grenade attack is an attack; "grenade" says more). Types are the seed codes of
archive/reference.py; the vocabulary turns a code the archive lacks into "other".
"""

from __future__ import annotations

import re

IGNORE = re.IGNORECASE

# The family kept from knowing where the person is held.
WHERE_HELD = (
    r"(?:not\s+(?:been\s+)?(?:told|informed)|(?:refused|declined)\s+to\s+(?:say|tell\s+\w+|disclose|"
    r"reveal))\s+where\s+(?:they|he|she|the\s+\w+)\s+(?:were|was|are|is|had\s+been)\s+(?:being\s+)?"
    r"(?:held|kept|taken|detained)"
)
CLAIM_TYPES = [
    ("grenade_attack", r"\bgrenades?\b|دستی\s+بم"),
    ("arson_sabotage", r"\b(?:blew\s+up|blown\s+up|blow(?:ing|s)?\s+up|blast(?:ed)?|damag\w+|"
     r"destroy\w+|sabotag\w+)"
     r"\s+(?:[\w-]+\s+){0,6}?(?:pipelines?|tracks?|towers?|pylons?|bridges?|transmission\s+lines?|"
     r"machinery|railway\s+lines?|gas\s+lines?|power\s+lines?|culverts?)\b|"
     # in the passive: "a gas pipeline was blown up", "two pylons were damaged"
     r"\b(?:pipelines?|tracks?|towers?|pylons?|bridges?|transmission\s+lines?|railway\s+lines?|"
     r"gas\s+lines?|power\s+lines?|culverts?)\s+(?:was|were|had\s+been|has\s+been|have\s+been)"
     r"\s+(?:\w+\s+)?(?:blown\s+up|blasted|damaged|destroyed|sabotaged)\b"),
    ("bombing", r"\b(?:IEDs?|bomb(?:s|ing|ed)?|blasts?|explosi(?:ve|ves|on)|remote[- ]controlled|"
     r"landmines?|detonat\w+|suicide\s+attack\w*|suicide\s+bomb\w*|دھماک\w*|بم|بارودی\s+سرنگ)\b"),
    ("arson_sabotage", r"\b(?:torch\w*|(?:set|setting)\s+(?:[\w-]+\s+){0,6}?(?:on\s+fire|ablaze|"
     r"alight)|burn(?:ed|t)\s+down|gutted|"
     r"burn(?:t|ed|ing)\b|arson|sabotag\w*|(?:set|setting)\s+fire)"),
    # A blockade set up is the act, whatever area was held with it ("set up a blockade on the
    # N-85 ... and took control of the area"); posts captured beside a road stay a capture
    ("road_blockade", r"\b(?:(?:set|setting|put|putting|mounted?|mounting|erected?|erecting)"
     r"\s+up\s+(?:an?\s+|the\s+|their\s+)?(?:[\w-]+\s+)?(?:road-?)?blockades?|blockad(?:ed|ing)\s+(?:the\s+)?"
     r"(?:[\w-]+\s+){0,2}?(?:highway|road|motorway|N-\d+))\b"),
    ("post_capture", r"\b(?:captur\w+|took\s+control|taken\s+control|seiz(?:ed|ing)|overr(?:an|"
     r"un)|(?:took|taken|taking)\s+over)\b(?=[^.]{0,60}\b(?:posts?|check\s?-?posts?|camps?|stations?|bases?|"
     r"outposts?|checkpoints?|town|headquarters|area|areas|village)\b)"),
    # Holding a road: a check-point set up on it, control of it taken, traffic stopped.
    ("road_blockade", r"\b(?:(?:set|setting|put|putting|erected?|erecting|established?|"
     r"establishing|mounted?|mounting)\s+up\s+(?:an?\s+|the\s+|their\s+)?(?:[\w-]+\s+){0,2}?"
     r"(?:check-?points?|check-?posts?|road-?blocks?|barricades?|pickets?|nakas?)"
     r"(?=[^.]{0,60}\b(?:highway|road|motorway|N-\d+|bypass)\b)|"
     # "traffic on the highway stopped as gunmen set up checkpoints": the road told first
     r"(?:highway|road|motorway|bypass)\b[^.]{0,80}?\s(?:set|setting|put|putting|erected?|"
     r"erecting|mounted?|mounting)\s+up\s+(?:[\w-]+\s+){0,2}?(?:check-?points?|road-?blocks?|"
     r"barricades?|pickets?|nakas?)|"
     r"(?:took|taken|take|taking|seized?|seizing|assumed|gained)\s+(?:full\s+)?control\s+of\s+"
     r"(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?:highway|road|motorway|bypass)s?|"
     r"(?:block(?:ed|ing)|clos(?:ed|ing)|cut\s+off|seal(?:ed|ing)(?:\s+off)?)\s+(?:the\s+|a\s+)?"
     r"(?:[\w-]+\s+){0,3}?(?:highway|road|motorway)s?\b[^.]{0,40}?\s+(?:for|to\s+traffic)|"
     r"(?:stopp(?:ed|ing)|halt(?:ed|ing)|suspend(?:ed|ing))\s+(?:the\s+)?(?:traffic|vehicles)|"
     r"check(?:ed|ing)\s+(?:the\s+)?(?:vehicles|identity\s+cards|ID\s+cards|passengers|"
     r"travell?ers)\b)"),
    ("targeted_killing", r"\b(?:targeted\s+killing|shot\s+dead|gunned\s+down|assassinat\w+|"
     r"(?:killing|murder)\s+of\s+(?:an?\s+|the\s+|two\s+|three\s+)?(?:[\w-]+\s+){0,2}?"
     r"(?:constables?|officers?|officials?|soldiers?|policem[ae]n|informers?|spies|agents?|"
     r"collaborators?|personnel|leaders?|commanders?)|"
     r"(?:killed|executed|shot)\s+(?:an?\s+|two\s+|three\s+)?(?:alleged\s+)?(?:[\w-]+\s+){0,2}?"
     r"(?:informer|collaborator|spy|spie|agent)s?|execut(?:ed|ing)\s+(?:\w+\s+){0,3}?(?:men|"
     r"man|persons?|people)\b(?=[^.]{0,60}\b(?:spy|spying|informer|informing|collaborat\w+|"
     r"work\w*\s+for)))\b"),
    ("clash", r"\b(?:clash\w*|gunfights?|firefights?|gun\s+battles?|exchanges?\s+of\s+fire|"
     r"(?:exchang|trad)(?:e|ed|es|ing)\s+(?:heavy\s+)?fire|"
     r"(?:fought|battled|engaged)\s+(?:with\s+|against\s+)?(?:the\s+)?(?:[\w-]+\s+)?(?:security\s+"
     r"forces|forces|troops|soldiers|personnel|army|FC|police|Levies)|fierce\s+fighting)\b"),
    ("road_blockade", r"\b(?:blockades?|blocked\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:highway|road)s?|"
     r"snap\s+check\w*)\b|ناکہ\s+بندی"),
    ("armed_attack", r"\b(?:attack\w*|ambush\w*|assault\w*|target(?:ed|ing)|opened\s+fire|"
     r"storm(?:ed|ing)|fired\s+(?:[\w-]+\s+){0,3}?(?:on|at|upon)|raid(?:ed)?|operations?|"
     r"struck|hit|pounded|shelled|lobbed|rockets?|mortars?|hurled|فائرنگ|"
     r"(?:fighters|men|cadres|members)\s+(?:had\s+)?(?:killed|shot|wounded|injured)|حملہ|حملے|حملوں|"
     r"نشانہ\s+بنایا)\b"),
]  # fmt: skip
CLAIM_TYPES = [(code, re.compile(words, IGNORE)) for code, words in CLAIM_TYPES]
# A group speaking: claims, statements, its spokesperson.
SPEECH = re.compile(
    r"\b(?:claim\w*|responsibility|said|says|stated|states|added|announced|alleged|according\s+"
    r"to|statement|spokes(?:person|man)|told|asserted|maintained|owned|message|saying|credit|"
    r"admit\w*|(?:was|were)\s+behind|carried\s+out|video|footage|ذمہ\s+داری|دعویٰ|"
    r"بیان|ترجمان|کہا|بتایا|کہنا)(?!\w)",
    IGNORE,
)
NOT_A_CLAIM = re.compile(
    r"\b(?:denied|denies|deny|rejected|distanc\w+\s+(?:itself|themselves)|disown\w*|"
    r"never\s+(?:\w+\s+)?(?:targeted|targets|attacked|attacks|harmed|carried)|"
    r"no\s+(?:connection|link|links|involvement|role)\b|nothing\s+to\s+do\s+with|no\s+(?:group|one|organisation)\s+(?:has|had)\s+"
    r"(?:yet\s+)?claimed|not\s+(?:yet\s+)?claimed|does\s+not|did\s+not|"
    # "has carried out dozens of attacks since 2004": a record, not an operation
    r"(?:has|have|had)\s+(?:carried\s+out|claimed|conducted|staged|mounted)\s+(?:dozens|hundreds|"
    r"scores|numerous|many|several|a\s+number|a\s+series|a\s+string)\s+of|"
    # "the number of attacks claimed by the BLA": a tally over time, not an operation
    r"(?:number|count|tally|share|majority|rise|increase|decline|fall)\s+(?:in\s+|of\s+)(?:the\s+)?"
    r"(?:[\w-]+\s+)?(?:attacks|operations|bombings|killings)\s+(?:\w+\s+)?claimed)\b",
    IGNORE,
)
# Words that refer back to the group whose claim was told: they hold across an official's
# answer in between ("A Levies official denied it. The same statement said the group's men...").
GROUP_NAMED_AGAIN = re.compile(
    r"\b(?:the|this)\s+(?:group|organi[sz]ation|outfit|alliance|militant\s+group|banned\s+"
    r"group|insurgent\s+group|separatist\s+group)(?:['’]s)?\b|\b(?:its|their)\s+(?:fighters|"
    r"members|men|cadres|spokes\w+|militants|commanders?|statement)\b|\bthe\s+(?:same|group['’]s|"
    r"latest|second|claim)\s+statement\b|\bthe\s+statement\s+(?:said|added|claimed|went\s+on|"
    r"read|reads|stated|continued)\b"
    # "..., the spokesman said": the act told first, the group's voice after it
    r"|,[\"”’']?\s+the\s+(?:group['’]s\s+)?spokes(?:man|person|woman)\s+(?:said|added|claimed|"
    r"stated)\b"
    # "The spokesman said", after the group's spokesman was named: the group speaking again
    r"|^the\s+spokes(?:man|person|woman)\s+(?:\w+\s+)?(?:said|added|claimed|stated|further)\b"
    r"|^تنظیم\b"
    # "according to the spokesman", "ترجمان کے مطابق": the group's spokesman named before
    r"|\baccording\s+to\s+the\s+(?:group['’]s\s+)?spokes(?:man|person|woman)\b|^ترجمان\s+کے\s+مطابق",
    IGNORE,
)
# A group's own statement relayed whole ("has issued the following statement", "its statement
# reads:"): the sentences after it are the group speaking, each act they tell a claim.
STATEMENT_OPENS = re.compile(
    r"\bfollowing\s+(?:[\w-]+\s+){0,2}?(?:statement|press\s+release|message|communiqu\w+)\b|"
    r"\b(?:statement|press\s+release|message|communiqu\w+)\s+(?:reads?|says?|said|stated)?\s*:"
    # "in a statement issued to the media": the group's own release, relayed
    r"|\b(?:statement|press\s+release|communiqu\w+)\s+(?:issued|sent|released|e-?mailed|"
    r"circulated)\s+to\s+(?:the\s+)?(?:media|press|newsmen|journalists|newspapers)\b"
    # "has issued a statement to the media claiming ...": the same release, told actively
    r"|\b(?:issued|sent|released|e-?mailed|circulated)\s+(?:a|its|the)\s+(?:[\w-]+\s+)?"
    r"(?:statement|press\s+release|communiqu\w+)\s+to\s+(?:the\s+)?(?:media|press|newsmen|"
    r"journalists|newspapers)\b"
    # "claiming responsibility for a series of attacks": the acts are listed after it
    r"|\b(?:claim\w*|accept\w*|took|taking)\s+responsibility\s+for\s+(?:a\s+series\s+of|"
    r"several|multiple|a\s+string\s+of|(?:two|three|four|five|six|seven|eight|nine|ten|\d+))\s+"
    r"(?:[\w-]+\s+)?(?:attacks|operations|actions|strikes)\b",
    IGNORE,
)
# Who acts in a group's own words: its fighters, under the names groups give them.
OWN_FIGHTERS = re.compile(
    r"\b(?:our|its|their|the\s+group['’]s|the\s+organi[sz]ation['’]s)\s+(?:[\w-]+\s+)?"
    r"(?:fighters|men|cadres|comrades|sarmachars|members|units?|squads?|wing)\b|"
    r"\bsarmachars?\b|\bfreedom\s+fighters\b|\b(?:intelligence|special|urban|suicide|"
    r"fidayee)\s+(?:wing|unit|squad|brigade)\b|\bسرمچار\w*|(?:تنظیم|ہمارے)\s+(?:\S+\s+)?جنگجو\w*",
    IGNORE,
)
# A statement's act told with its doers as bare "fighters" ("On 30 November, fighters
# intercepted two trucks"): the statement's own fighters, while it is relayed.
BARE_FIGHTERS = re.compile(
    r"^(?:[^,.]{0,40},\s*)?(?:the\s+)?(?:fighters|sarmachars|freedom\s+fighters|guerrillas)\s+"
    r"(?:had\s+|have\s+|also\s+|then\s+)?(?:[a-z]+ed|struck|hit|set|blew|shot|took|threw|"
    r"fought|laid|planted|stormed|overran|seized|captured|attacked|targeted|torched)\b",
    IGNORE,
)
# People taken ("were picked up", "abducted three civilians", "whisked away"): what a group
# tells of its foes, never its own act unless its fighters are named doing it.
TAKINGS = ("enforced_disappearance", "arbitrary_detention")
# "responsibility for all these attacks": the acts told already, not one more.
ALL_TOLD = re.compile(
    r"\b(?:all\s+(?:of\s+)?(?:these|those|the\s+above|the\s+said)|these|the\s+above(?:-mentioned)?)"
    r"\s+(?:[\w-]+\s+)?(?:attacks|operations|actions|strikes|assaults|raids)\b",
    IGNORE,
)
# "It", "They" opening a sentence: only the group of the sentence just before.
GROUP_ANAPHORA = re.compile(
    rf"{GROUP_NAMED_AGAIN.pattern}|^(?:It|They)\s|^(?:He|She)\s+(?:\w+\s+)?(?:said|added|claimed|"
    r"stated)\b",
    IGNORE,
)
# A statement about the event told just before ("the attack", "the incident").
EVENT_ANAPHORA = re.compile(
    r"\b(?:the|this|that|Thursday's|Friday's|Saturday's|Sunday's|Monday's|Tuesday's|Wednesday's)"
    r"\s+(?:attack|incident|ambush|clash|blast|explosion|confrontation|assault|bombing|raid|"
    r"killing|killings)\b",
    IGNORE,
)
# "the same night": the time of the event told before.
SAME_TIME = re.compile(
    r"\b(?:the\s+same|that)\s+(?:day|night|evening|morning|afternoon|period|time|months?|"
    r"weeks?)\b|\b(?:during|in\s+the\s+"
    r"course\s+of|after)\s+the\s+(?:raid|operation|search|crackdown|arrests?|detention)\b",
    IGNORE,
)
# "on the same day", "that night": another act at the time of the one told, not more of it.
SAME_DAY = re.compile(
    r"\b(?:on\s+)?(?:the\s+same|that)\s+(?:day|night|evening|morning|afternoon)\b", IGNORE
)
# "during the operation", "in the military operation": the operation someone was told to run.
DURING_OPERATION = re.compile(
    r"\b(?:during|in|amid|in\s+the\s+course\s+of)\s+the\s+(?:military\s+|security\s+|ongoing\s+)?"
    r"(?:operation|offensive|crackdown|raid|search\s+operation)\b",
    IGNORE,
)
# An operation launched or conducted by someone, whose doer the later harm is laid to.
OPERATION_RUN = re.compile(
    r"\b(?:launch\w*|conduct\w*|carr(?:y|ied|ying)\s+out|began|begun|start\w*|mount\w*)\s+"
    r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:operation|offensive|crackdown)\b",
    IGNORE,
)
# "The group also said its men blocked the highway": one more act of the same statement.
ANOTHER_ACT = re.compile(
    r"\b(?:also|further|furthermore|additionally|in\s+addition|besides|as\s+well|in\s+another|"
    r"in\s+a\s+(?:second|third|separate)\s+(?:action|attack|operation))\b|\bبھی\b",
    IGNORE,
)
# A day counted from another told in the text, not from publication: "two days later", "the
# previous evening" (the day before the one the group spoke on).
ANCHORED = re.compile(
    r"\b(?:(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+(?P<dir>later|earlier|after|before)"
    r"(?!\s+(?:the|a|an|his|her|their|its)\b)|the\s+(?:previous|preceding)\s+(?P<prev>day|evening|"
    r"night|morning|afternoon)|the\s+(?:day|night|evening)\s+(?P<before>before)(?!\s+\w)|"
    r"the\s+(?:next|following)\s+(?P<next>day|morning|evening|night|afternoon))\b",
    IGNORE,
)
# "Levies recovered a body", "police found the bodies": who finds or moves the dead tells of
# them, it is not said to have killed them.
FINDER = re.compile(
    r"^\s+(?:(?:personnel|officials|men|officers|teams?)\s+)?(?:have\s+|had\s+|has\s+)?"
    r"(?:(?:on|late\s+on|early\s+on|last|this)\s+\w+\s+)?"
    r"(?:recover\w*|f(?:ou|i)nd\w*|retriev\w*|discover\w*|shift\w*|mov(?:e|ed|ing)|exhum\w*)"
    r"\b(?=[^.]{0,40}\b(?:bod(?:y|ies)|remains|corpses?)\b)",
    IGNORE,
)
# A sentence that opens another case: it takes nothing from the one told before.
SEPARATE = re.compile(r"\b(?:separate(?:ly)?|elsewhere|meanwhile|another\s+(?:incident|case)|"
                      r"in\s+a\s+(?:different|second)\s+(?:incident|case))\b", IGNORE)  # fmt: skip
# Fled "since" or "after" what was told: a consequence of it.
SINCE = re.compile(r"\b(?:since|after\s+the|following\s+the)\b", IGNORE)
CLAIM_CLAUSE = re.compile(
    r"\b(?:claimed|claiming|accepted|took|owned|owning|assumed)\s+(?:\w+\s+)?(?:responsibility|"
    r"credit)\b|\bclaimed\s+(?:the\s+)?(?:killings?|murders?|assassinations?)\s+of\b|\b(?:own(?:ed|s|ing)?|admit(?:ted|s|ting)?|"
    # "said it had carried out the killing": the group's own words of its act
    r"(?:it|they|its\s+\w+|their\s+\w+)\s+(?:had\s+|has\s+|have\s+)?carried\s+out)\s+"
    r"(?:to\s+)?(?:carrying\s+out\s+)?"
    r"(?:the|that|this|these|those|[A-Z]\w+day['’]s|last\s+\w+['’]s)\s+(?:[\w-]+\s+)?(?:attacks?|"
    r"bombings?|ambush(?:es)?|blasts?|assaults?|killings?|murders?|assassinations?|explosions?|"
    r"raids?|shootings?|strikes?)\b|"
    # "Responsibility was accepted by the BLA": the claim in the passive
    r"\b(?:responsibility|credit)\s+(?:for\s+(?:\w+\s+){1,4}?)?(?:was|were|has\s+been|had\s+been|"
    r"is)\s+(?:claimed|accepted|taken|owned)\s+by\b|ذمہ\s+داری\s+قبول",
    IGNORE,
)

ABUSE_TYPES = [
    ("mass_grave", r"\b(?:mass|common|unmarked)\s+graves?\b|\bbodies\s+(?:\w+\s+){0,3}?"
     r"buried\s+together\b|"
     # several dead dug out of one pit: "exhumed six bodies from a shallow pit"
     r"\b(?:exhum\w+|dug\s+(?:up|out))\s+(?:[\w-]+\s+){0,3}?(?:bodies|remains|skeletons|corpses)\s+"
     r"(?:\w+\s+){0,2}?from\s+(?:\w+\s+){0,3}?(?:pit|grave|ditch|trench|well)\b|"
     r"\b(?:bodies|remains|skeletons|corpses)\s+(?:[\w-]+\s+){0,4}?(?:were|had\s+been|have\s+been)\s+"
     r"exhumed\b|"
     # human remains come upon: "came across human bones in a shallow pit"
     r"\b(?:came\s+across|stumbled\s+(?:up)?on|found|discovered|unearthed|dug\s+up)\s+"
     r"(?:[\w-]+\s+){0,3}?(?:human\s+(?:bones|remains|skulls|skeletons)|skeletal\s+remains)\b|"
     r"اجتماعی\s+قبر"),
    ("extrajudicial_killing", r"\b(?:bullet[- ]riddled|bod(?:y|ies)\s+of\s+[^,.]{1,40},\s+"
     r"(?:who|whom|whose)\b[^,.]{1,160},\s+(?:was|were|had\s+been|has\s+been)\s+(?:found|"
     r"recovered|dumped|discovered|retrieved)|(?:dead\s+)?bod(?:y|ies)\s+"
     r"(?:[\w,'’-]+\s+){0,14}?(?:were|was|had\s+been|have\s+been)\s+(?:found|recovered|dumped|discovered|retrieved)|"
     r"(?:found|recovered)\s+(?:the\s+)?(?:\w+\s+){0,2}?bod(?:y|ies)|fake\s+encounter|"
     r"(?:recovery|discovery),?\s+(?:[\w,]+\s+){0,6}?of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
     r"(?:bod(?:y|ies)|corpses?)|"
     r"staged\s+encounter|extra-?judicial(?:ly)?\s+(?:killed|executed)|(?:killed|killing|murder(?:ed|ing)|execut(?:ed|ing))\s+(?:[\w-]+\s+){0,3}?in\s+(?:their\s+|its\s+|"
     r"police\s+)?custody|"
     r"(?:was|were|been)\s+found\s+(?:shot\s+)?dead|"
     r"custodial\s+(?:killing|death)|"
     # fire on a gathering of people under no arms: "opened fire on participants"
     r"(?:opened\s+fire|fired\s+(?:live\s+)?(?:rounds\s+|bullets\s+|shots\s+)?)\s*(?:directly\s+)?"
     r"(?:on|at|into|upon)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?(?:(?:convoy|procession|group|"
     r"rally|caravan|column|band)\s+of\s+(?:[\w-]+\s+)?)?(?:protesters|participants|"
     r"demonstrators|crowds?|mourners|gathering|marchers|sit-in|rally|procession)|"
     r"live\s+(?:ammunition|rounds|fire)\s+to\s+(?:break\s+up|disperse)\s+(?:an?\s+|the\s+)?"
     r"(?:[\w-]+\s+){0,2}?(?:sit-in|protest|rally|gathering|demonstration|march|crowd))\b|(?:لاش|نعش)(?:یں)?\s+(?:\S+\s+){0,2}?(?:برآمد|ملی|ملیں|ملا)"),
    ("enforced_disappearance", r"\b(?:abduct(?:ed|ing)|kidnap(?:ped|ping|ed)|"
     r"forcibly\s+disappeared|(?:went|gone|go)\s+"
     r"missing|picked\s+up|whisked\s+away|(?:subjected\s+to|victims?\s+of|cases\s+of)\s+enforced\s+"
     r"disappearances?|(?:men|man|youths?|boys?|people|persons|students?|brothers|sons?|villagers|"
     r"labou?rers|workers|teachers?|activists?|fishermen)\s+(?:\w+\s+)?(?:were|was|had\s+been)\s+"
     r"seized|taken\s+away|taken\s+from|"
     # "were taken between 9 and 11 August in separate raids": people taken, told when or how
     r"(?:were|was|had\s+been|have\s+been|has\s+been)\s+taken(?=\s+(?:on|between|during|late|"
     r"early|last|overnight|in\s+(?:an?\s+|separate\s+|night\s+)?raids?)\b)|taken\s+by\s+[^,.;]{2,40}?\s+from\b|took\s+away|(?:took|take|taking)\s+(?:him|her|them)\s+away|bundled\s+into|"
     r"enforced\s+disappearance\s+of|missing\s+since|remains?\s+missing|remained\s+missing|"
     r"still\s+missing|whereabouts\s+(?:have\s+)?(?:remain|are|remained)\s+unknown|"
     r"(?:has|have|had|was|were)\s+disappeared|vanished|(?:remain|remains|remained|are|is)\s+"
     r"(?:still\s+)?(?:untraced|unaccounted\s+for)|(?:been|was|were)\s+missing\s+(?:ever\s+)?since|"
     r"(?:not|never)\s+(?:been\s+)?(?:seen|heard\s+(?:from|of))\s+(?:again|since)|"
     r"(?:has|have|had)\s+not\s+(?:yet\s+)?(?:returned|come\s+back)|never\s+(?:returned|came\s+"
     r"back)|(?:is|are)\s+yet\s+to\s+(?:return|be\s+traced)|"
     r"no\s+(?:trace|word|news|information|contact)\s+(?:of|about|from|with)\s+(?:him|her|them)|(?:driven|carried|led|dragged)\s+away|"
     r"(?:drove|driven|sped)\s+(?:off|away)\s+with\s+(?:him|her|them)|took\s+(?:him|her|them)\s+"
     r"(?:along|with\s+them)|(?:forced|pushed|shoved)\s+into\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:vehicle|car|van|"
     r"pick-?up|double-?cabin)(?:\s+(?:vehicle|car|van|pick-?up))?|"
     # made to leave a vehicle: "was ordered off a coach", "pulled out of the bus"
     r"(?:taken|dragged|forced|offloaded|ordered|pulled|made\s+to\s+get|asked\s+to\s+get)\s+"
     r"(?:off|out\s+of|down\s+from)\s+"
     r"(?:an?\s+|the\s+)?(?:\w+\s+)?(?:bus|coach|van|vehicle|train|boat)|(?:fate|whereabouts)\s+(?:[\w,’-]+\s+){0,10}?"
     r"(?:remains?|remained|is|are|still)\s+unknown|not\s+been\s+(?:heard\s+from|seen)\s+since|"
     r"whisk(?:ed|ing)\s+(?:him|her|them|\w+)\s+(?:away|off)|"
     # where they are held kept from the family: "had not been told where they were held"
     rf"{WHERE_HELD}|to\s+(?:an?\s+)?"
     r"(?:undisclosed|unknown|secret)\s+(?:location|place|destination)s?|"
     r"اٹھایا|اٹھا\s+(?:لیا|لیے|لی|کر)|اغوا|لاپتہ|سراغ\s+نہیں|(?:کوئی\s+)?پتہ\s+نہیں\s+چل|"
     r"جبری\s+گمشدگی|لے\s+گئے)(?!\w)"),
    ("arbitrary_detention", r"\b(?:arrested|detained|taken\s+into\s+custody|rounded\s+up|"
     # held in the sweep told before: "was held in the same operation"
     r"(?:was|were)\s+held\s+(?:in|during)\s+(?:the\s+|that\s+|this\s+)?(?:same\s+)?"
     r"(?:operation|raid|crackdown|sweep|search)|"
     r"(?:took|take|taking)\s+(?:[\w,'’-]+\s+){1,8}?into\s+custody|(?:held|kept)\s+(?:\w+\s+){0,2}?"
     r"(?:for|since)\s+(?:\w+\s+)?(?:days|weeks|months)\s+(?:at|in)|"
     r"detention\s+of|arrest\s+of|remain\s+in\s+custody|held\s+(?:by\s+(?:the\s+)?(?:police|"
     r"forces|security|personnel|troops|soldiers|officials|authorities|FC|CTD|Levies)|"
     r"incommunicado|without\s+(?:being\s+)?charge\w*|in\s+(?:custody|detention))|گرفتار|"
     r"حراست\s+میں)(?!\w)"),
    ("torture", r"\b(?:(?:marks|signs|traces)\s+of\s+torture\s+on\s+(?:his|her|their)\s+"
     r"(?!bod)\w+|tortur(?:ed|ing)(?!\s+(?:and\s+\w+\s+)?(?:body|bodies|corpses?|remains))|"
     r"beaten|beat\s+(?:him|them|her)|kept\s+blindfolded|"
     r"ill-treat\w*|electric\s+shocks?|slapped|kicked|punched|whipped|flogged|"
     r"hung\s+(?:\w+\s+)?(?:by|upside)|(?:baton|lathi)[- ]charg\w*|manhandled|roughed\s+up|"
     r"thrashed|made\s+to\s+stand|stress\s+positions?|deprived\s+of\s+sleep|"
     r"burn(?:ed|t)\s+with|waterboard\w*)\b"),
    ("indiscriminate_attack", r"\b(?:shell(?:ed|ing)|mortar\s+shells?|mortars|artillery\s+fire|"
     r"air\s*strikes?|drone\s+strikes?|bombard\w*|indiscriminate\w*\s+fir\w+|"
     # a strike from the air by a craft with no pilot: "a quadcopter dropped munitions on"
     r"(?:drones?|quadcopters?|quad-copters?|UAVs?|unmanned\s+aerial\s+vehicles?)\s+(?:\w+\s+){0,4}?"
     r"(?:dropped|fired|struck|hit|bombed|targeted|attacked|strikes?|attacks?)|"
     r"fired\s+indiscriminately|gunships?\s+(?:[\w-]+\s+){0,4}?(?:fired|struck|pounded|targeted)|"
     r"(?:fired|opened\s+fire)\s+(?:\w+\s+){0,2}?(?:on|at|into|upon)\s+(?:the\s+)?(?:\w+\s+)?"
     r"(?:settlements|villages?|houses|homes|hamlets|neighbourhoods?|residential))\b"),
    ("forced_displacement", r"\b(?:displaced|forced\s+to\s+(?:flee|leave|migrate|move|relocate|"
     r"vacate|abandon)|evicted|"
     r"fled\s+their\s+homes|displacement\s+of|(?:have|had)\s+(?:since\s+|now\s+)?left\s+(?:their\s+)?"
     r"(?:homes?|villages?)|"
     r"(?:have|has|had)\s+(?:since\s+|now\s+)?(?:fled|abandoned\s+their|been\s+uprooted)|"
     r"(?:families|residents|villagers|people)\s+(?:\w+\s+)?fled|"
     # "dozens of families left Pir Koh and nearby settlements for Sui": homes left for elsewhere
     r"(?:families|residents|villagers|households)\s+(?:have\s+|had\s+)?(?:left|abandoned|deserted|"
     r"vacated)\s+(?!the\s+(?:camp|sit-in|protest|press|court|venue|site)\b)[^.;]{1,60}?\s+for\s+"
     r"(?:[A-Z]\w*|safer|other|relatives|camps)"
     r")\b"),
    ("harassment", r"\b(?:harass\w*|threaten\w*|intimidat(?:e|ed|es|ing)|"
     r"warned\s+(?:(?:him|her|them)\s+)?(?:over|about|against|not\s+to|to\s+stop)|"
     r"warned\s+(?:him|her|them)|death\s+threats?|received\s+(?:\w+\s+){0,2}?threats?|"
     r"summon(?:ed|s)\s+(?:\w+\s+){0,3}?(?:by|to)\s+(?:the\s+)?"
     r"(?:\w+\s+){0,3}?(?:officials?|officers?|agenc(?:y|ies)|camp|office|headquarters)|"
     r"(?:house|home|office|residence)s?\s+(?:[\w'’-]+\s+){0,10}?(?:was|were|had\s+been)\s+raided|"
     r"raided\s+(?:the|his|her|their)\s+(?:\w+\s+)?(?:house|home|office|residence)|"
     r"ransack\w*|"
     # a home entered by force: "stormed his house", "barged into the hostel"
     r"(?:stormed|barged\s+into|broke\s+into|burst\s+into|forced\s+(?:their|his|its)\s+way\s+"
     r"into)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:[\w'’-]+\s+)?(?:house|home|office|"
     r"residence|hostel|room)s?|"
     r"confiscated|forced\s+to\s+delete|raid\s+on\s+the\s+(?:house|home|office)\s+of|"
     r"received\s+visits|(?:followed|trailed|stalked|tailed)\s+(?:\w+\s+){0,2}?(?:to|home)\b|"
     # "was followed by men", never a ranking's "Kech, followed by Awaran"
     r"(?:was|were|been|being|is|are)\s+(?:\w+\s+)?(?:followed|trailed|stalked|tailed)\s+by|"
     r"(?:anonymous|threatening)\s+(?:phone\s+)?calls|told\s+to\s+stop\s+(?:reporting|"
     r"writing|campaigning))\b"),
]  # fmt: skip
ABUSE_TYPES = [(code, re.compile(words, IGNORE)) for code, words in ABUSE_TYPES]
# Not seen since, or picked up: what makes people held disappeared ("took away" alone may be
# an arrest).
UNSEEN = re.compile(
    r"\b(?:missing|disappeared|vanished|whereabouts|untraced|unaccounted\s+for|no\s+trace|"
    r"no\s+(?:news|word|information|contact)\s+(?:of|about|from|with)|"
    r"not\s+(?:been\s+)?(?:seen|heard\s+(?:from|of))|never\s+(?:been\s+)?(?:seen|heard)|"
    r"not\s+(?:yet\s+)?(?:returned|come\s+back)|never\s+(?:returned|came\s+back)|yet\s+to\s+"
    r"(?:return|be\s+traced)|" + WHERE_HELD + r")\b|"
    r"لاپتہ|سراغ\s+نہیں|کوئی\s+پتہ\s+نہیں|\b(?:picked\s+up|abduct\w+|whisk\w*\s+(?:\w+\s+)?(?:away|off)|"
    r"bundled|forcibly\s+disappeared|(?:undisclosed|secret)\s+(?:location|place))\b",
    IGNORE,
)
# "The FC denied that it had detained anyone", "denied having arrested": the doer's denial.
DENIED_ACT = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject\w*|refut\w*)\s+(?:having\s+|(?:that\s+)?(?:it|they|its\s+"
    r"\w+|their\s+\w+)\s+(?:had\s+|has\s+|have\s+|was\s+|were\s+)?(?:ever\s+)?(?:been\s+)?)$",
    IGNORE,
)
# A claim of what the group will do, threatens or vows: not of what it did.
FUTURE = re.compile(
    r"\b(?:will|would|shall|vow\w*\s+to|threaten\w*\s+to|warn\w*\s+(?:that\s+)?(?:it|they)\s+"
    r"would|plans?\s+to|intends?\s+to)\s+(?:\w+\s+){0,3}$",
    IGNORE,
)
# "rejected reports that villagers had been detained": what follows is denied, not reported.
DENIED_REPORT = re.compile(
    r"\b(?:reject\w*|den(?:y|ies|ied|ying)|dismiss\w*|refut\w*|contradict\w*)\s+"
    # "rejected as "baseless and malicious" reports", "strongly denied media reports"
    r"(?:(?:as\s+)?[\"“'‘][^\"”'’]{1,50}[\"”'’]\s+|as\s+(?:\w+\s+){1,3}?(?=\w+\s+(?:reports?|"
    r"allegations?|claims?))|(?:outright|categorically|strongly|flatly|firmly)\s+)?"
    r"(?:the\s+|these\s+|such\s+|all\s+)?(?:\w+\s+){0,2}?(?:reports?|allegations?|claims?|"
    r"accusations?|charges?|"
    r"suggestions?|rumou?rs?|impression)\s+(?:[\w-]+\s+){0,5}?(?:that|of)\b",
    IGNORE,
)
# An opinion piece arguing, not reporting: its talk of abuses makes no entry.
OPINION = re.compile(
    r"\b(?:argu(?:es|ed|ing)|in\s+my\s+view|i\s+believe|we\s+must|this\s+writer|"
    r"column(?:ist)?|op-ed|editorial)\b",
    IGNORE,
)
# A demand, not a report: "Produce the detained before courts", "those held must be released".
DEMAND = re.compile(
    r"^\W*(?:Produce|Release|Free|Publish|Stop|End|Return|Recover|Bring|Halt|Disclose|Reveal|"
    r"Let|Allow|Charge|Try)\s|\b(?:must|should)\s+(?:\w+\s+)?be\s+(?:produced|released|freed|"
    r"charged|tried|brought|returned|set\s+free)\b"
)
# People told released ("14 persons were released", "picked up and released within the
# month"): the release updates a disappearance, it does not report one.
RELEASED = re.compile(
    r"\b(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:later\s+|since\s+)?"
    r"(?:released|freed|set\s+free)\b|\b(?:picked\s+up|abducted|taken|detained|held)\s+and\s+"
    r"(?:later\s+)?(?:released|freed)\b",
    IGNORE,
)
# A count of the men who did it, not of those harmed: "raided by around eight men",
# "a dozen men, some in uniform, arrived", "six men in plain clothes stormed".
DOERS_BEFORE = re.compile(r"\bby\s+$", IGNORE)
DOERS_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:some|all|most|many)\s+(?:of\s+them\s+)?)?(?:in\s+(?:plain|civilian)\s+clothes|"
    r"in\s+(?:police\s+|military\s+)?uniforms?|wearing\b|masked\b|armed\s+with\b|"
    r"(?:arrived|came|stormed|barged|broke\s+in|raided|surrounded|cordoned)\b)",
    IGNORE,
)
# People the police say they arrested as suspects: law enforcement's account, not an abuse,
# unless the text doubts it.
SUSPECTS = re.compile(
    r"\b(?:suspects?|suspected\s+\w+|terrorists?|militants?|culprits|criminals|smugglers|"
    r"miscreants|outlaws|dacoits|robbers|facilitators?)\b",
    IGNORE,
)
DOUBT = re.compile(
    # relatives who speak, not the suspects' own ("all relatives of the rival family")
    r"\b(?:(?:families|relatives|family)\s+(?:[\w'’-]+\s+){0,5}?(?:said|says|say|told|insist\w*|"
    r"maintain\w*|den(?:y|ied|ies)|reject\w*|claim\w*)|according\s+to\s+(?:the\s+|his\s+|her\s+|"
    r"their\s+)?(?:families|relatives|family)|rights|protest\w*|alleg\w*|without\s+charge|incommunicado|"
    r"missing|whereabouts|fake|staged|innocent|picked\s+up)\b",
    IGNORE,
)
# Abuses named as patterns ("reports of enforced disappearances"): an entry only when the
# sentence names who is said to commit them.
ABUSE_NOUNS = [
    ("enforced_disappearance", re.compile(r"\benforced\s+disappearances\b", IGNORE)),
    ("extrajudicial_killing", re.compile(r"\bextra-?judicial\s+killings\b", IGNORE)),
    ("arbitrary_detention", re.compile(r"\barbitrary\s+(?:detentions|arrests)\b", IGNORE)),
    ("torture", re.compile(r"\btorture\b(?!\s+marks)", IGNORE)),
]
# A monitor's tally: a verb of recording before a count of abuses ("documents nine
# extrajudicial killings", "records six cases of torture"): a broad entry of its own, even when
# the tally names no one responsible.
TALLY_VERB = re.compile(
    r"\b(?:document(?:s|ed|ing)?|record(?:s|ed|ing)?|register(?:s|ed|ing)?|count(?:s|ed|ing)?|"
    r"tall(?:y|ies|ied)|list(?:s|ed)|logg?(?:s|ed)|verif(?:y|ies|ied)|note[sd]?)\b",
    IGNORE,
)
# "during the month", "over the same period": the period a count told before covers.
SAME_PERIOD = re.compile(
    r"\b(?:during|in|over|within|for)\s+(?:the\s+same|that|the)\s+(?:month|period|year|quarter|"
    r"time(?:\s+frame)?)\b",
    IGNORE,
)
# "six cases of", "nine": how a count reaches the abuse it counts.
COUNTED_AS = re.compile(r"^\s*(?:(?:cases|incidents|instances)\s+)?(?:of\s+)?$", IGNORE)
# Killing by a state force becomes an abuse when the text doubts the official account.
DOUBTED_KILLING = re.compile(
    r"\b(?:killed|shot\s+dead)\b[^.]*\b(?:custody|staged|fake|missing|picked\s+up)\b"
    r"|\b(?:custody|staged|fake|missing|picked\s+up)\b[^.]*\b(?:killed|shot\s+dead)\b",
    IGNORE,
)
# People who are not party to the fighting.
CIVILIANS = re.compile(
    r"\b(?:civilians?|passers?-by|passengers?|labou?rers?|workers?|women|woman|children|child|"
    r"schoolboys?|schoolgirls?|girls?|boys?|infants?|bab(?:y|ies)|mothers?|fathers?|students?|shopkeepers?|residents?|villagers?|pilgrims?|"
    r"people|family|families|worshippers|customers|vendors?|farmers?|fishermen|shepherds?|"
    r"miners?|drivers?|traders?|teachers?|travell?ers?|commuters?|bystanders?|tribesmen|"
    r"herders?|nomads?|daily[- ]wagers?|mourners?|guests?|patients?)\b",
    IGNORE,
)
# Those under arms: counted in a claim, not among the civilians an attack harmed.
COMBATANTS = re.compile(
    r"\b(?:soldiers?|troops|personnel|policem[ae]n|police\s+officials|officers?|sepoys?|"
    r"commandos?|cadets?|guards?|militants?|fighters?|attackers?|terrorists?|FC|Levies)\b",
    IGNORE,
)
VIOLENCE = re.compile(
    r"\b(?:explosions?|explosives?|blasts?|bomb\w*|grenades?|mortar\w*|shells?|shelling|fire|"
    r"firing|attack\w*|IEDs?|rockets?|gunmen|opened\s+fire|went\s+off|exploded|detonated)\b",
    IGNORE,
)
# People shot in the passive with no doer named ("three shepherds ... were shot dead"): whose
# act it was is told before, if anywhere.
SHOT_UNNAMED = re.compile(
    r"\b(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?:all\s+)?(?:shot\s+dead|gunned\s+down|"
    r"shot\s+and\s+killed|killed\s+(?:in|by)\s+(?:the\s+)?(?:firing|gunfire))\b(?!\s+by\b)",
    IGNORE,
)
# Someone other than the group speaking ("Officials in Panjgur confirmed an explosion",
# "residents said"): a relayed statement has ended; what they tell is not the group's claim.
OTHER_VOICE = re.compile(
    r"^(?:[\w'’-]+\s+){0,2}?(?:officials?|police|authorities|administration|residents|villagers|"
    r"relatives|famil(?:y|ies)|witnesses|sources|doctors|hospital)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:said|says|confirmed|confirm|told|denied|reported|added|stated)\b|,\s+(?:the\s+)?(?:[\w-]+\s+)?"
    r"(?:officials?|police|authorities|residents|villagers|relatives|witnesses|sources)\s+(?:said|"
    r"told|confirmed)\b",
    IGNORE,
)
# An act recalled from long ago ("In July last year", "in 2019", "two years ago"): background to
# a statement, not one of its acts.
RECALLED = re.compile(
    r"\b(?:last|previous)\s+year\b|\bin\s+(?:19|20)\d\d\b|\b(?:years?|decades?)\s+ago\b|"
    r"\b(?:several|many|few)\s+months\s+ago\b",
    IGNORE,
)
# "the detained men", "those arrested": people told taken before, named by the taking; no new act.
TAKEN_BEFORE = re.compile(
    r"\b(?:the|those|these|their|of\s+the)\s+(?:(?:detained|arrested|abducted|missing|disappeared|"
    r"kidnapped|picked-up)\s+(?:[\w-]+\s+)?(?:men|man|persons?|people|activists?|youths?|students?|"
    r"women|detainees|brothers|sons?|relatives|protesters|workers|labou?rers|villagers)|(?:arrested|"
    r"detained|abducted|picked\s+up|taken)\b(?!\s+(?:by|from|on|in|at|during|for)\b))",
    IGNORE,
)
# A taking told as before the time of the story ("he had been picked up", "had been missing
# since"): of people already reported harmed, not a new act.
TAKEN_EARLIER = re.compile(
    r"\bhad\s+(?:been\s+)?(?:taken|picked\s+up|abducted|whisked|detained|arrested|held|missing|"
    r"in\s+(?:the\s+)?custody|forcibly\s+disappeared)\b|\bhad\s+(?:gone\s+missing|disappeared)\b",
    IGNORE,
)
# A force's account of a killing in a fight it says it had ("exchange of fire", "encounter").
ENCOUNTER = re.compile(
    r"\b(?:encounters?|exchange\s+of\s+fire|retaliatory\s+fire|shoot-?out|gunfight|"
    r"(?:claimed|said)\s+(?:to\s+have|it\s+had|they\s+had)\s+killed)\b",
    IGNORE,
)
# People gathered only to be shot ("rounded up the workers ... and opened fire", "lined them up
# and shot them"): the killing's way, not an arrest.
GATHERED_TO_KILL = re.compile(
    r"\b(?:rounded\s+up|lined\s+up|herded|gathered|forced\s+\w+\s+(?:\w+\s+)?(?:off|out|down))\b"
    r"[^.;]{0,160}?\b(?:opened\s+fire|shot\s+(?:them|him|her|all|dead)|gunned\s+(?:them\s+)?down|"
    r"killed\s+them|sprayed\s+them)\b",
    IGNORE,
)
# Harm by nature or mishap ("went missing at sea after their boat capsized", "drowned", "killed
# in a road accident"): no one did it, so no abuse, unless the sentence also tells violence.
ACCIDENT = re.compile(
    r"\b(?:capsiz\w+|sank|sunk|sinking|drown\w*|storms?|cyclones?|floods?|flash\s+floods?|"
    r"flooding|landslides?|avalanches?|earthquakes?|(?:road|traffic|car|bus|coach|mine|mining)\s+"
    r"(?:accident|crash|collision|mishap)s?|collided|collision|lost\s+at\s+sea|swept\s+away|"
    r"heavy\s+rains?|heatstroke|roof\s+collapse|methane|gas\s+(?:leak|leakage)|short[-\s]circuit|"
    r"(?:mine|shaft|roof|building|wall)\s+(?:to\s+)?(?:collapse[sd]?|caved?\s+in)|"
    r"rescue\s+(?:teams?|workers|operation))\b|حادث\w*|ڈوب\w*|سیلاب",
    IGNORE,
)
# A blast with no one behind it ("a methane gas explosion", "a gas cylinder exploded"): not the
# violence that makes a mishap an attack.
ACCIDENTAL_BLAST = re.compile(
    r"\b(?:(?:methane|gas|cylinder|boiler|transformer)\s+(?:gas\s+)?(?:explosions?|blasts?|"
    r"exploded|went\s+off)|(?:gas|methane)\s+(?:had\s+)?accumulated\s+and\s+exploded)\b",
    IGNORE,
)


# Someone's deliberate act, which no mishap told beside it explains away ("shot dead by FC troops
# as rescue workers searched", "picked up from the site of a mine collapse").
DELIBERATE = re.compile(
    r"\b(?:shot|gunned\s+down|picked\s+up|abduct\w*|kidnap\w*|whisked\s+away|tortur\w*|"
    r"custody|arrested|detained|taken\s+away|executed|killed\s+by)\b",
    IGNORE,
)


def mishap(text: str) -> bool:
    """Whether a passage tells harm by nature or mishap: no violence but an accidental blast."""
    if not (ACCIDENT.search(text) or ACCIDENTAL_BLAST.search(text)):
        return False
    return not (VIOLENCE.search(ACCIDENTAL_BLAST.sub(" ", text)) or DELIBERATE.search(text))


# Police dispersing a protest ("baton-charged the sit-in"): told with the arrests it ended in, the
# arrests are the entry.
DISPERSAL = re.compile(r"\b(?:baton|lathi)[- ]charg\w*|\btear[- ]gas\b", IGNORE)
# Some of those hurt die later, told apart from the attack: "one of them, a teenage boy, died
# overnight", "two of the injured succumbed to their wounds".
DIED_LATER = re.compile(
    r"\b(?P<n>one|two|three|four|five|six|\d+)\s+of\s+(?:them|the\s+(?:injured|wounded))\b"
    r"[^.;]{0,60}?\b(?:later\s+)?(?:died|succumbed|passed\s+away)\b"
    r"|\b(?P<one>(?:an?\s+)?(?:injured|wounded)\s+\w+|the\s+(?:injured|wounded)\s+(?:man|woman|boy|"
    r"girl|child))\s+(?:later\s+)?(?:died|succumbed)\b",
    IGNORE,
)
# What a claim's event was, when the text says "responsibility for the attack".
MEDIUMS = [
    ("press_release", re.compile(r"\bpress\s+release|\bin\s+a\s+statement\b|statement\s+issued",
                                 IGNORE)),
    ("media_statement", re.compile(r"\b(?:to\s+the\s+media|told\s+(?:reporters|journalists|the\s+"
                                   r"media)|message\s+to\s+journalists|statement\s+sent\s+to)\b",
                                   IGNORE)),
    ("social_media", re.compile(r"\b(?:social\s+media|Telegram|Twitter|Facebook|WhatsApp)\b")),
    ("video", re.compile(r"\bvideo\b", IGNORE)),
    ("email", re.compile(r"\be-?mail\b", IGNORE)),
]  # fmt: skip
# Common descriptions of state forces, and the actor name each stands for.
DESCRIPTIONS = [
    (re.compile(r"\b(?:Pakistani|Pakistan's|state|government)\s+(?:security\s+)?forces\b|"
                r"\bsecurity\s+(?:personnel|forces|officials)\b|\btroops\b", IGNORE),
     "Security forces"),
    (re.compile(r"\b(?:personnel|men|officials)\s+in\s+(?:military\s+)?uniform\b|\buniformed\s+"
                r"(?:men|personnel|officials)\b|\bsecurity\s+(?:agencies|establishment)\b|"
                r"\blaw[- ]enforcement\s+(?:agencies|personnel)\b", IGNORE),
     "Security forces"),
    (re.compile(r"\b(?:intelligence|secret|spy|state)\s+agenc(?:y|ies)\b|\bsecret\s+services\b|"
                r"\bthe\s+agencies\b", IGNORE),
     "Intelligence agencies"),
    (re.compile(r"\bPakistan's\s+(?:military|army)\b|\bthe\s+(?:military|army)\b", IGNORE),
     "Pakistan Army"),
    (re.compile(r"\bpolice(?:men|man)?\b(?!\s+(?:station|said|sources|officials?\s+said))", IGNORE),
     "Police"),
]  # fmt: skip
# "accusing the Coast Guards of holding them", "blamed the Rangers for": who is accused, by a
# capitalised name the reference data may not hold yet.
ACCUSED = re.compile(
    r"\b(?:accus\w+|blam\w+)\s+(?:the\s+)?(?P<who>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\s+"
    r"(?:of|for)\b"
)
# "personnel of the Pakistan Coast Guards", "Coast Guards personnel detained": a force by a
# capitalised name the reference data may not hold yet, named as acting.
FORCE_NAMED = re.compile(
    r"\b(?i:personnel|men|officials|officers|troops|soldiers|members)\s+of\s+the\s+"
    r"(?P<who>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\s+(?!said|told|say)[a-z]+ed\b"
    r"|\b(?P<who2>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}?)\s+(?:personnel|officials|troops|men)\s+"
    r"(?:had\s+)?(?:detained|arrested|abducted|picked\s+up|seized|beat|tortured|raided|took)\b"
    # "taken into custody by the Pakistan Coast Guards": a force's proper name, in the passive
    r"|\b(?i:custody|detained|arrested|abducted|picked\s+up|taken\s+away|held)\s+by\s+(?:the\s+)?"
    r"(?P<who3>(?:[A-Z][\w-]*\s+){0,3}(?:Guards?|Corps|Force|Forces|Rangers|Police|Department|"
    r"Agency|Agencies|Militia|Scouts))\b"
)
# The takers of an abduction rather than a disappearance: words of kidnapping and hostages.
KIDNAPPING = re.compile(r"\b(?:abduct\w*|kidnap\w*|hostages?|ransom)\b", IGNORE)
# Armed men the text does not tie to the state: who takes people so holds hostages.
NOT_STATE = re.compile(
    r"^(?:(?:unidentified|unknown|masked)\s+)?(?:armed\s+men|gunmen|assailants)$", IGNORE
)
UNNAMED_PERPETRATORS = re.compile(
    r"\b(?:(?:plain-?clothes\s+men|men\s+in\s+plain\s+clothes|(?:unidentified|unknown|masked)\s+"
    r"(?:armed\s+)?(?:men|gunmen|persons|assailants)|armed\s+men|gunmen))\b",
    IGNORE,
)
SPEAKERS = [
    re.compile(r"\baccording\s+to\s+(?P<who>(?:the\s+)?[\w'’ -]{2,60}?)(?=[,.;]|$)", IGNORE),
    re.compile(
        r"(?:^|,\s*|\band\s+)(?P<who>(?:the\s+|his\s+|her\s+|their\s+)?[A-Z\w][\w'’ -]{1,60}?)"
        r",?\s+(?:said|told|say|says|alleged|reported|claimed|accused|noted|stated|added)\b"
    ),
    re.compile(r",\s*(?:said|says|told)\s+(?P<who>[\w'’ -]{2,60}?)(?=[,.;]|$)"),
]
