"""Reading credit or debit from the wording of an unsigned note.

VADER's lexicon plus our own domain words and phrases from `prompts/lexicon.yaml`, read
clause by clause: what follows a contrast ("…, but we fixed it anyway") weighs more than
the concession before it, and a lapse the customer made is not our debit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vaderSentiment.vaderSentiment import NEGATE, SentimentIntensityAnalyzer

import prompts

DENIAL_SCALAR = -0.74  # VADER's own factor for a negated word
NEUTRAL_TOKEN = "xx"  # stands in for a word that carries no sign here, keeping word distances
_SENTENCE = re.compile(r"[.;!?]+(?:\s+|$)|\s+[-–—]+\s+|\n+")
_STRIP = ".,;:!?\"'()[]“”‘’"


@dataclass(frozen=True)
class SignReading:
    sign: int | None  # None: unclear, ask the rep
    score: float
    cues: tuple[str, ...]


@dataclass
class Clause:
    words: list[str]
    weight: float = 1.0  # lowered for a concession
    denied: bool = False  # ends on a bare "…and it wasn't"


def _phrase_token(phrase: str) -> str:
    return re.sub(r"[^a-z]", "", phrase.lower())


def _joined(token: str):
    """The replacement for a matched phrase, kept apart from a hyphen before it
    ("auto-renewal went through" reads the phrase, not "auto-…")."""

    def replace(match: re.Match[str]) -> str:
        start = match.start()
        return (" " if start and match.string[start - 1] == "-" else "") + token

    return replace


def _word(raw: str) -> str:
    return raw.strip(_STRIP)


class SignReader:
    """Built once per process (the lexicon takes a moment to load)."""

    def __init__(self) -> None:
        data = prompts.load("lexicon")
        self.threshold = float(data["threshold"])
        self._analyzer = SentimentIntensityAnalyzer()
        lexicon = self._analyzer.lexicon
        lexicon.update({w.lower(): float(v) for w, v in data["words"].items()})
        for word in data.get("neutral", ()):
            lexicon.pop(word.lower(), None)
        self._phrases: list[tuple[re.Pattern[str], str]] = []
        self._phrase_names: dict[str, str] = {}
        for phrase, plain in data.get("rewrites", {}).items():
            self._phrases.append((re.compile(rf"(?<![\w']){re.escape(phrase)}(?![\w'])"), plain))
        for phrase, valence in data["phrases"].items():
            token = _phrase_token(phrase)
            lexicon[token] = float(valence)
            # a phrase with spaces also matches across "-" ("no-show"), whole words only
            body = r"[\s-]+".join(re.escape(p) for p in phrase.lower().split())
            self._phrases.append((re.compile(rf"(?<![\w']){body}(?![\w'])"), token))
            self._phrase_names[token] = phrase
        for name, (pattern, valence) in data.get("patterns", {}).items():
            token = _phrase_token(name)
            lexicon[token] = float(valence)
            self._phrases.append((re.compile(rf"(?<![\w']){pattern}(?![\w'])"), token))
            self._phrase_names[token] = name
        clauses = data["clauses"]
        self._concession_weight = float(clauses["concession_weight"])
        self._turns = set(clauses["turn"])
        self._concedes = set(clauses["concede"])
        self._outcomes = set(clauses["outcome"])
        for marker in self._turns | self._concedes | self._outcomes:
            lexicon.pop(marker, None)
        actors = data["actors"]
        self._us = set(actors["us"])
        self._them = set(actors["them"])
        self._their = set(actors["their"])
        self._their_people = set(actors["their_people"])
        self._faults = {_phrase_token(w) for w in data["faults"]}
        self._repairs = {_phrase_token(w) for w in data["repairs"]}
        self._problems = {_phrase_token(w) for w in data["problems"]}
        self._prevents = {_phrase_token(w) for w in data["prevents"]}
        self._rivals = set(actors["rivals"])
        self._burdens = set(data["burdens"])
        self._deliveries = {_phrase_token(w) for w in data["deliveries"]}
        negation = data["negation"]
        self._negators = set(negation["words"])
        self._stops = set(negation["stops"])
        self._reach = int(negation["reach"])
        self._denials = set(negation["denials"])

    def read(self, text: str) -> SignReading:
        prepared = text.lower().replace("’", "'")
        for pattern, token in self._phrases:
            prepared = pattern.sub(_joined(token), prepared)
        clauses = [self._neutralise(c) for c in self._clauses(prepared)]
        main = conceded = previous = 0.0
        for clause in clauses:
            compound = self._analyzer.polarity_scores(" ".join(clause.words))["compound"]
            if clause.denied and compound == 0 and previous > 0:
                # "the demo impressed them, but our documentation did not": the clause
                # denies what the one before it said, of its own subject
                compound = previous * DENIAL_SCALAR
            elif clause.denied and compound > 0:
                compound *= DENIAL_SCALAR  # a claim it then denies: "…and it wasn't"
            previous = compound
            if clause.weight < 1.0:
                conceded += clause.weight * compound
            else:
                main += compound
        # the concession speaks only when the clauses that count say nothing clear
        total = main if abs(main) >= self.threshold else main + conceded
        score = round(max(-1.0, min(1.0, total)), 4)
        sign = 1 if score >= self.threshold else -1 if score <= -self.threshold else None
        cues = tuple(self._cues(clauses, sign)) if sign else ()
        return SignReading(sign, score, cues)

    def _clauses(self, prepared: str) -> list[Clause]:
        """Sentences cut at contrast words; a concession's weight is lowered."""
        clauses: list[Clause] = []
        settled = 0  # clauses before this index are conceded already
        for sentence in _SENTENCE.split(prepared):
            words = sentence.split()
            current = Clause([])
            start = len(clauses)
            clauses.append(current)
            conceding_to_comma = False
            for index, raw in enumerate(words):
                word = _word(raw)
                two = f"{word} {_word(words[index + 1])}" if index + 1 < len(words) else ""
                if word in self._turns and two.endswith(" not"):
                    pass  # "paying for but not using": a coordination, not a turn
                elif word in self._turns or (
                    word in self._outcomes
                    and (not current.words or current.words[-1].endswith(","))
                ):
                    settled = self._concede(clauses, settled)  # what came before conceded
                    current = Clause([])
                    clauses.append(current)
                    conceding_to_comma = False
                    continue
                if word in self._concedes or two in self._concedes:
                    # "although A, B": A concedes; "B, although A": A concedes to the end
                    at_start = not any(c.words for c in clauses[start:])
                    current = Clause([], self._concession_weight)
                    clauses.append(current)
                    conceding_to_comma = at_start
                    if two in self._concedes:
                        words[index + 1] = ""
                    continue
                if not word:
                    continue
                if word in self._outcomes:  # "…, we fixed it anyway": how it ended
                    settled = self._concede(clauses[:-1], settled)
                current.words.append(raw)
                if conceding_to_comma and raw.endswith(","):
                    current = Clause([])
                    clauses.append(current)
                    conceding_to_comma = False
        return [c for c in clauses if c.words]

    def _concede(self, clauses: list[Clause], settled: int) -> int:
        """Lowers the clauses not yet conceded; returns how many are now settled
        (each clause is lowered once, so a note of a thousand "but"s stays linear)."""
        for clause in clauses[settled:]:
            clause.weight = min(clause.weight, self._concession_weight)
        return max(settled, len(clauses))

    def _neutralise(self, clause: Clause) -> Clause:
        """Who did what, read into the clause before VADER scores it: the customer's own
        lapse, a problem we repaired or prevented, a rival's offer and the delivery of
        something faulty carry no sign; a negation reaches past VADER's three words."""
        words = [_word(w) for w in clause.words]
        lexicon = self._analyzer.lexicon
        repaired = any(w in self._repairs for w in words)
        faulty = any(lexicon.get(w, 0.0) < 0 for w in words)
        actor = "us"
        prevented = False
        negator_at = None
        bound = False  # the negation has met the word it denies
        out: list[str] = []
        for index, word in enumerate(words):
            following = words[index + 1] if index + 1 < len(words) else ""
            if word in self._us:
                actor = "us"
            elif word in self._rivals or word.removesuffix("'s") in self._rivals:
                actor = "rival"
            elif word in self._them or (
                word in self._their and (index == 0 or following in self._their_people)
            ):
                actor = "them"  # "their team misread…", or a clause that opens on their side
            prevented = prevented or word in self._prevents
            valence = lexicon.get(word, 0.0)
            if word in NEGATE or word in self._negators:
                negator_at, bound = index, False
            elif word in self._stops:
                negator_at = None
            stem = word[:-2] if word.endswith("'s") else ""
            if (
                (actor == "them" and word in self._faults)
                or (actor == "us" and word in self._burdens)  # we wait on them: silence
                or (actor == "rival" and valence > 0)  # "the competitor offers a free pilot"
                or (repaired and word in self._problems)
                or (prevented and valence < 0)  # "we didn't let the freeze delay them"
                or (faulty and word in self._deliveries)  # "we shipped the wrong configuration"
                or (stem in self._rivals and following in self._their_people)  # "competitor's rep"
            ):
                out.append(NEUTRAL_TOKEN)
            else:
                if negator_at is not None and 3 < index - negator_at <= self._reach and valence > 0:
                    out.append("not")  # a denied claim: "we didn't deliver the report on time"
                if negator_at is not None and bound and index - negator_at <= 3 and valence < 0:
                    # the negation is spent on the word it binds ("haven't forgiven the data
                    # loss"): the loss stays a loss, out of VADER's three-word reach
                    out.extend([NEUTRAL_TOKEN] * 3)
                bound = bound or bool(valence and negator_at is not None)
                out.append(stem if stem in lexicon else clause.words[index])  # "supplier's"
            if clause.words[index].endswith(",") and negator_at is not None:
                # a negation ends at a comma: keep VADER's three words from crossing it
                out.extend([NEUTRAL_TOKEN] * 3)
                negator_at = None
        # "…would be fixed this sprint and it wasn't": the clause denies itself
        denied = len(words) > 2 and words[-1] in self._denials
        return Clause(out, clause.weight, denied)

    def _cues(self, clauses: list[Clause], sign: int):
        """The words that carried the reading, from the weightiest clauses first."""
        seen = set()
        for clause in sorted(clauses, key=lambda c: -c.weight):
            words = [_word(w) for w in clause.words]
            for index, word in enumerate(words):
                valence = self._analyzer.lexicon.get(word)
                if valence is None or word in seen:
                    continue
                negator = next(
                    (
                        i
                        for i in range(max(0, index - 3), index)
                        if words[i] in NEGATE or words[i] in self._negators
                    ),
                    None,
                )
                if negator is not None:
                    valence = -valence
                if valence * sign > 0:
                    seen.add(word)
                    name = self._phrase_names.get(word, word)
                    yield name if negator is None else " ".join([*words[negator:index], name])
