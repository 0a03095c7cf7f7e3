use super::*;
use crate::case::{Address, Agency, Case, FamilyMember};
use chrono::NaiveDate;

fn found(ids: &Identifiers, text: &str) -> Vec<String> {
    ids.find(text)
        .iter()
        .map(|m| text[m.start..m.shown_end].to_string())
        .collect()
}

fn case() -> Case {
    let mut c = Case::default();
    c.child.first_name = "Maisie".into();
    c.child.last_name = "Thornbury".into();
    c.child.pseudonym = "Child A".into();
    c.child.date_of_birth = NaiveDate::from_ymd_opt(2013, 3, 2);
    c.child.address = Address {
        lines: vec!["14 Larkspur Close".into(), "Eastfield".into()],
        town: "Northbrook".into(),
        postcode: "NB4 7QT".into(),
    };
    c.family.push(FamilyMember {
        first_name: "Kerry".into(),
        last_name: "Thornbury".into(),
        pseudonym: "Mother".into(),
        nhs_number: "999 234 5675".into(),
        ni_number: "QQ 12 34 56 C".into(),
        phone: "07700 900 412".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1992, 7, 19),
        ..Default::default()
    });
    c.family.push(FamilyMember {
        first_name: "Lee".into(),
        last_name: "Carver".into(),
        pseudonym: "Mother's partner".into(),
        ..Default::default()
    });
    c.agencies.push(Agency {
        id: "school".into(),
        name: "Ashgrove Primary School and Nursery".into(),
        kind: "Education".into(),
        locates_child: true,
        ..Default::default()
    });
    c
}

#[test]
fn a_date_is_found_in_every_common_written_form() {
    let ids = Identifiers::from_case(&case()).with_generic(false);
    for form in [
        "02/03/2013",
        "2/3/13",
        "2.3.2013",
        "02.03.13",
        "2-3-2013",
        "2013-03-02",
        "2 March 2013",
        "2nd March 2013",
        "2nd of March 2013",
        "2 Mar 2013",
        "2 Mar. 2013",
        "March 2nd 2013",
        "March 2, 2013",
        "2ND MARCH 2013",
        "2\u{a0}March\u{a0}2013",
        "the second of March 2013",
        "the 2nd day of March 2013",
        "2 March two thousand and thirteen",
        "second March twenty thirteen",
    ] {
        assert_eq!(
            found(&ids, &format!("born on {form}, at home")),
            [form],
            "{form}"
        );
    }
    for other in [
        "12/03/2013",
        "2/3/2014",
        "22 March 2013",
        "March 2013",
        "2/3/130",
        "12.2.3.13",
        "the twenty-second of March 2013",
    ] {
        assert!(found(&ids, other).is_empty(), "{other}");
    }
}

#[test]
fn names_are_whole_words_with_possessives() {
    let ids = Identifiers::from_case(&case()).with_generic(false);
    assert_eq!(
        found(
            &ids,
            "Maisie's mother; MAISIE THORNBURY; Ms Thornbury; Mr. Carver; Thornburys' house"
        ),
        ["Maisie's", "MAISIE THORNBURY", "Ms Thornbury", "Mr. Carver"]
    );
    assert!(
        found(
            &ids,
            "Child A, Maisiex, xMaisie, Thornburyshire, Leeds, Sleek"
        )
        .is_empty()
    );
    let m = &ids.find("Maisie\u{2019}s")[0];
    assert_eq!((m.end, m.shown_end), (6, 6 + "\u{2019}s".len()));
}

#[test]
fn disguised_names_are_found_where_they_are_written() {
    let ids = Identifiers::from_case(&case()).with_generic(false);
    for disguised in [
        "Mai\u{00AD}sie",
        "Mai\u{200B}sie",
        "Ma\u{200C}isie",
        "M\u{200D}aisie",
        "Mais\u{2060}ie",
        "Mai\u{200F}sie",
        "M\u{0430}isie",
        "Ma\u{0131}sie",
        "\u{FF2D}\u{FF41}\u{FF49}\u{FF53}\u{FF49}\u{FF45}",
        "Ma\u{00EF}sie",
        "MaisieThornbury",
        "Maisie2013",
        "2013Maisie",
    ] {
        let text = format!("seen: {disguised}.");
        let ms = ids.find(&text);
        assert!(!ms.is_empty(), "{disguised}");
        let shown: String = text[ms[0].start..ms.last().unwrap().end].to_string();
        assert!(
            shown.contains(
                disguised
                    .trim_end_matches("2013")
                    .trim_start_matches("2013")
            ),
            "{disguised}: {shown}"
        );
    }
    // Replacing in place takes the invisible characters with the name.
    let out = ids
        .replace_with("Mai\u{00AD}sie cried", false, |m| {
            ids.replacement_of(m, "Mai\u{00AD}sie cried")
        })
        .unwrap();
    assert_eq!(out, "Child A cried");
    assert_eq!(shown("Mai\u{00AD}sie"), "Mai<U+00AD>sie");
}

#[test]
fn numbers_are_found_however_they_are_spaced() {
    let ids = Identifiers::from_case(&case()).with_generic(false);
    for form in [
        "9992345675",
        "999 234 5675",
        "999-234-5675",
        "qq123456c",
        "QQ 12 34 56 C",
        "07700900412",
        "07700 900412",
        "+44 7700 900412",
        "+44 (0)7700 900 412",
    ] {
        assert_eq!(found(&ids, &format!("number: {form}.")), [form], "{form}");
    }
    assert!(found(&ids, "99923456751 and 107700900412").is_empty());
}

#[test]
fn generic_patterns_find_unlisted_numbers_and_skip_invalid_ones() {
    let ids = Identifiers::default().with_generic(true);
    assert_eq!(
        found(
            &ids,
            "NHS 943 476 5919, not 943 476 5918; NB4 7QT; call 01632 960101 or +44 7700 900123; ann@mail.example.; AB 12 34 56 C"
        ),
        [
            "943 476 5919",
            "NB4 7QT",
            "01632 960101",
            "+44 7700 900123",
            "ann@mail.example",
            "AB 12 34 56 C"
        ]
    );
    for clean in [
        "Section 47 enquiry in 2015 and 2016",
        "paragraph 3.2.1",
        "NHS 111",
        "nb4 7qt in lower case",
        "1234567890",
        "Working Together 2015, 14 days, 0.5 FTE",
    ] {
        assert!(
            found(&ids, clean).is_empty(),
            "{clean}: {:?}",
            found(&ids, clean)
        );
    }
}

#[test]
fn public_contact_points_and_allowed_values_are_passed_over_and_said() {
    let mut ids = Identifiers::default().with_generic(true);
    ids.allow_list("# ours\n01632 960999\n");
    let text = "Write to panel@education.gov.uk or call 0808 800 5000, 0300 123 4567 or 01632 960 999; not 01632 960101.";
    assert_eq!(found(&ids, text), ["01632 960101"]);
    let passed: Vec<Passed> = ids
        .find_detailed(text, true)
        .iter()
        .filter_map(|m| match m.of {
            MatchOf::Passed(_, why) => Some(why),
            _ => None,
        })
        .collect();
    assert_eq!(
        passed,
        [
            Passed::PublicSectorAddress,
            Passed::OrganisationNumber,
            Passed::OrganisationNumber,
            Passed::Allowed
        ]
    );
    // A number the case gives for a person is found whatever its prefix.
    let mut c = case();
    c.family[0].phone = "0800 123 4567".into();
    let ids = Identifiers::from_case(&c);
    assert_eq!(found(&ids, "call 0800 123 4567"), ["0800 123 4567"]);
}

#[test]
fn places_that_locate_the_child_are_named_by_their_kind() {
    let ids = Identifiers::from_case(&case()).with_generic(false);
    let text =
        "Ashgrove Primary reported it. She was at Ashgrove Primary School and Nursery daily.";
    assert_eq!(
        found(&ids, text),
        ["Ashgrove Primary", "Ashgrove Primary School and Nursery"]
    );
    let out = ids
        .replace_with(text, false, |m| ids.replacement_of(m, text))
        .unwrap();
    assert_eq!(out, "The school reported it. She was at the school daily.");
}

#[test]
fn a_list_may_give_each_term_its_replacement() {
    let (ids, problems) = Identifiers::from_terms(
        "# places\nLark Rise = the estate\nX\nOakwood Road\n",
        "t.txt",
    );
    assert_eq!(problems.len(), 1);
    assert!(!problems[0].message.contains('X'));
    let text = "from Lark Rise to Oakwood Road";
    let out = ids
        .replace_with(text, false, |m| ids.replacement_of(m, text))
        .unwrap();
    assert_eq!(out, "from the estate to [removed]");
}

#[test]
fn twenty_thousand_terms_are_one_automaton() {
    let list: String = (0..20_000)
        .map(|i| format!("Placename{i} Road\n"))
        .collect();
    let (ids, _) = Identifiers::from_terms(&list, "big.txt");
    assert_eq!(ids.list.len(), 20_000);
    let text =
        "She moved from Placename19999 Road to Placename7 Road, not Placename7 Roads. ".repeat(50);
    let hits = ids.find_with(&text, false);
    assert_eq!(hits.len(), 100);
}
