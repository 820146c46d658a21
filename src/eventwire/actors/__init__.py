"""Actor mentions: who in the text can do or suffer an event.

The stage reads a parsed article (a spaCy ``Doc``) and returns non-overlapping
:class:`~eventwire.model.ActorMention` records, each resolved to a canonical actor from the
knowledge base (``eventwire/data/actors/*.yaml``) or kept as an unknown actor with the country and
sector its words imply.

How a mention is found, in order:

1. Dictionary phrases, matched on normalised words (:func:`normalise_word`: transliterated to
   ASCII, lower case, apostrophes dropped, hyphens split, doubled letters collapsed, "ou" read as
   "u", so "Haya'at Tahrir Al Sham", "Hayat Tahrir al-Sham" and "Hay'at Tahrir al-Sham" are one
   key). The Arabic article matches with or without "al-"/"el-"/"ul-", and its assimilated forms
   ("ash-Sham", "ad-Dawla") read as "al" when hyphenated to the same consonant. Aliases of up to
   four capitals ("AP", "WHO", "US") only match in capitals.
2. Compounds built from those pieces, each one mention:
   country word + sector word ("Syrian army" -> SYR MIL, "Ukraine's air force", "the Turkish
   side" -> TUR GOV, "Iraq's defence ministry" -> IRQ GOV, "Palestinian gunmen" -> PSE UAF), also a
   country name or capital the parser reads as a noun modifier ("Ivory Coast rebels", "Khartoum
   government"), one plain word between ("French paper workers"), and a sector word followed by
   "in/of/from/across <country>" ("rebels in the Ivory Coast", "Albanians of southern Serbia");
   a null-sector title after a country word takes the word's ``with_country`` sector ("Palestinian
   leader" -> PSE GOV); demonym plurals are the country's people ("Algerians" -> DZA CVL), "ethnic
   Albanians" a community with no country unless one is named after it; a named organisation
   before a title is someone acting for it ("Hamas spokesman"); a named person before a government
   word is that person's government ("Netanyahu government" -> ISR GOV); a coordination shares the sector ("Egyptian and Qatari mediators" gives two
   mentions, "Egyptian" -> EGY GOV and "Qatari mediators" -> QAT GOV); office phrases
   ("Russian President", "head of Turkish intelligence") resolve to the holder on the publication
   date (offices.yaml); a title or office right before a person's name joins it ("Russian President
   Vladimir Putin", "regional governor Oleh Syniehubov", "Lt. Gen. Prosper Avril"), and the title
   says what the person is at the article's date ("President Bill Clinton" is GOV even though the
   knowledge base, read today, has him as a former official, ELI); "of <country>" after an unknown
   titled person gives the country ("Foreign Minister John Doe of Kenya"); a named group before a member word
   ("Hezbollah fighters", also across one or two plain words: "U.N. war crimes court") stays the group;
   an organisation right before a titled person gives the officer its country and sector ("French
   National Assembly president Laurent Fabius"); a title joins a following name even where NER calls it
   an organisation ("Vice-President Moody Awori"); "former" may stand one party or country word before
   the title ("Former Socialist prime minister ..."); a proper name before a word marked ``after_name``
   makes an organisation ("the Umma party"), and a surname before a government word is the government
   of the president or prime minister of that name ("the Bush administration").
3. Capitals and seats of government ("Ankara", "the Kremlin") are ``via="metonym"`` and bare country
   names ``via="country"``: both are also places, so the event stage decides by syntactic role.
   Bare demonyms ("Israeli strikes" aside, "Russian" alone) are ``via="demonym"`` with no sector.
4. spaCy PERSON/ORG entities not in the knowledge base become unknown actors (``unk:<slug>``),
   with country and sector read from their own words and a preceding title; NORP entities only
   when a sector word follows ("Western allies").
5. Within-article linking: the last word of every person's name found so far links later bare
   uses ("Kallas", "Syniehubov"); "the agency" links to the last news agency named, "the group"
   to the last armed group; an acronym in brackets after a name ("Revolutionary United Front
   (RUF)") and "formerly/also known as" make both names one actor (the known one if the knowledge
   base has either), and later uses of either name link to it. Nothing else is resolved across
   sentences.

Your own actors: put entries in a YAML file of the same format as the packaged files (any of the
sections ``countries``, ``words``, ``named``, ``roles``, ``offices``; see ``data/actors/README.md``)
and name it in ``EVENTWIRE_ACTORS`` (several files separated by ``os.pathsep``) or, from Python, call
:func:`use_actor_files`. Entries are added after the packaged files; one with an id, ISO3 code,
phrase or office (country + role) already seen replaces it. A missing or malformed file is a
:class:`~eventwire.errors.DataError` naming the file and the entry.

Bare sector nouns ("residents", "the army") give actors with that sector and ``code=None``.

Example:
    >>> from eventwire import nlp
    >>> doc = nlp.load()("Russian President Vladimir Putin met the Syrian army.")
    >>> import datetime as dt
    >>> [(m.span.text, m.actor.id, m.actor.sector) for m in find_actor_mentions(doc, published=dt.date(2020, 1, 14))]
    [('Russian President Vladimir Putin', 'vladimir-putin', 'GOV'), ('Syrian army', 'syrian-arab-army', 'MIL')]
"""


from __future__ import annotations

from eventwire.actors.kb import ENV_VAR, ActorKB, get_kb, normalise_word, use_actor_files
from eventwire.actors.matcher import find_actor_mentions

__all__ = ["ActorKB", "find_actor_mentions", "get_kb", "normalise_word", "use_actor_files", "ENV_VAR"]
