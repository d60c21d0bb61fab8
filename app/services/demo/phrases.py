"""Phrases of the invented note texts, amendments, removals and end reasons (Finnish).

Only data; ``clinical_records`` combines them. The keys of the note tables are a
service's note style ("therapy", "family", "coaching").
"""

from __future__ import annotations

from typing import Final

from app.domain.kinds import RemovedContentKind

OPENERS: Final = {
    "therapy": (
        "Asiakas saapui sovitusti ajoissa.",
        "Käynti toteutui etäyhteydellä, yhteys toimi hyvin.",
        "Asiakas kertoi viikon sujuneen vaihtelevasti.",
        "Tapaamisen alussa käytiin läpi edellisen kerran teemat.",
        "Asiakas vaikutti tänään levänneeltä.",
        "Asiakas kertoi aluksi kuulumisiaan.",
    ),
    "family": (
        "Kotikäynnillä olivat paikalla molemmat vanhemmat ja lapset.",
        "Tapaaminen pidettiin perheen kotona.",
        "Perhe oli valmistautunut tapaamiseen hyvin.",
        "Tapaamisen alussa kuultiin perheen viikon kuulumiset.",
        "Asiakas kertoi arjen sujuneen edellistä viikkoa paremmin.",
    ),
    "coaching": (
        "Tapaamisen aluksi käytiin läpi edellisellä kerralla sovitut kokeilut.",
        "Asiakas toi tapaamiseen ajankohtaisen kysymyksen työstään.",
        "Tapaaminen pidettiin etäyhteydellä.",
        "Aloitettiin lyhyellä tilannekatsauksella.",
    ),
}
MIDDLES: Final = {
    "therapy": (
        "Keskusteltiin keinoista jännityksen säätelyyn arjessa.",
        "Asiakas kuvasi nukkuneensa aiempaa paremmin.",
        "Tarkasteltiin työhön liittyviä kuormitustekijöitä.",
        "Harjoiteltiin yhdessä rauhoittavaa hengitysharjoitusta.",
        "Pohdittiin, millaiset tilanteet herättävät huolta ja miten niihin voi valmistautua.",
        "Käsiteltiin vuorovaikutusta läheisten kanssa.",
        "Asiakas toi esiin toiveen säännöllisemmästä päivärytmistä.",
        "Tunnistettiin yhdessä voimavaroja, jotka ovat auttaneet aiemmin.",
        "Mieliala on pysynyt tasaisena edelliseen käyntiin verrattuna.",
        "Käytiin läpi kotitehtävänä pidettyä havaintopäiväkirjaa.",
        "Keskusteltiin itsemyötätunnosta ja omista vaatimuksista.",
        "Asiakas kertoi liikkuneensa ulkona useammin kuin aiemmin.",
    ),
    "family": (
        "Perheen kanssa sovittiin yhteisistä iltarutiineista.",
        "Vanhemmat kokivat tilanteen rauhoittuneen kotona.",
        "Lapsi osallistui tapaamiseen piirtämällä.",
        "Käytiin läpi viikon arkea ja koulunkäyntiä.",
        "Harjoiteltiin ristiriitatilanteiden sopimista.",
        "Tarkistettiin asiakassuunnitelman tavoitteet.",
        "Vanhempien kanssa mietittiin keinoja jaksamisen tueksi.",
        "Sovittiin viikkokalenterin kokeilemisesta.",
        "Keskusteltiin harrastusmahdollisuuksista lähialueella.",
        "Kodin arjen rytmi on selkiytynyt.",
    ),
    "coaching": (
        "Valmennuksessa tarkasteltiin ajanhallinnan keinoja.",
        "Pohdittiin työyhteisön roolijakoja.",
        "Asetettiin seuraavan jakson tavoitteet.",
        "Harjoiteltiin priorisointia viikkosuunnitelman avulla.",
        "Käsiteltiin palautteen antamista ja vastaanottamista.",
        "Tunnistettiin työn sujumista edistäviä tekijöitä.",
        "Keskusteltiin palautumisesta työpäivän jälkeen.",
    ),
}
CLOSERS: Final = (
    "Sovittiin kotitehtäväksi päiväkirjan pitäminen.",
    "Seuraavalla kerralla jatketaan samasta teemasta.",
    "Jatketaan suunnitelman mukaisesti.",
    "Seuraava tapaaminen sovittiin tavalliseen aikaan.",
    "Tavoitteena on vahvistaa keinoja arjen hallintaan.",
)
GOALS: Final = {
    "therapy": (
        "mielialan vakautuminen",
        "jännityksen hallinta sosiaalisissa tilanteissa",
        "unen ja päivärytmin palautuminen",
        "työkyvyn tukeminen",
        "ihmissuhteiden ristiriitojen käsittely",
    ),
    "family": (
        "arjen rutiinien vahvistaminen",
        "vanhemmuuden tukeminen",
        "lapsen koulunkäynnin tukeminen",
        "perheen vuorovaikutuksen parantaminen",
        "vanhempien jaksamisen tukeminen",
    ),
    "coaching": (
        "ajanhallinnan kehittäminen",
        "työn ja vapaa-ajan tasapaino",
        "esihenkilötyön selkiyttäminen",
        "oman osaamisen tunnistaminen",
    ),
}
AMENDMENTS: Final = (
    (
        "Korjaus: käynti toteutui etäyhteydellä, ei vastaanotolla.",
        "Käyntimuoto oli kirjattu väärin",
    ),
    ("Korjaus: kotitehtäväksi sovittiin viikkosuunnitelma, ei päiväkirjaa.", "Kirjausvirhe"),
    ("Korjaus: tapaamisessa oli mukana vain toinen vanhemmista.", "Läsnäolijat korjattu"),
    ("Korjaus: seuraava käynti sovittiin kahden viikon päähän.", "Sovittu aika korjattu"),
)
REMOVALS: Final = (
    (RemovedContentKind.THIRD_PARTY, "Ei tarpeellinen asiakkaan palvelun kannalta"),
    (RemovedContentKind.UNNECESSARY, "Poistettu asiakkaan oikaisupyynnön perusteella"),
)
END_REASONS: Final = (
    "Tavoitteet saavutettu",
    "Asiakkaan toiveesta",
    "Muutto toiselle paikkakunnalle",
    "Siirtyi toiseen palveluun",
    "Jakso päättyi suunnitellusti",
)
