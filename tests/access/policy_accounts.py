"""Accounts, profiles and organisations. The world's organisation has the owner as its only member; its
invitation is to the stranger's address."""
from tests.access.roles import LOGIN, everyone, logged_in, only

NOT_THEIRS = {"stranger": 404, "reviewer": 404, "reviewer_unassigned": 404, "reviewer_conflicted": 404}

POLICY = {
    ("GET", "/logg-inn"): everyone(200),
    ("POST", "/logg-inn"): everyone(400),  # without its token: the form again (400), nothing typed lost
    ("POST", "/logg-ut"): everyone(302),
    ("GET", "/registrer"): everyone(200),
    ("POST", "/registrer"): everyone(400),
    ("GET", "/bekreft-epost/<token>"): everyone(400),  # a broken link: a page that says so
    ("GET", "/glemt-passord"): everyone(200),
    ("POST", "/glemt-passord"): everyone(400),
    ("GET", "/nytt-passord/<token>"): everyone(400),
    ("POST", "/nytt-passord/<token>"): everyone(400),

    ("GET", "/profil"): logged_in(200),
    ("GET", "/profil/endre"): logged_in(200),
    ("POST", "/profil/endre"): logged_in(400),
    ("GET", "/profil/passord"): logged_in(200),
    ("POST", "/profil/passord"): logged_in(400),
    ("POST", "/profil/send-lenke-igjen"): logged_in(302),

    ("GET", "/mine-organisasjoner"): logged_in(200),
    ("GET", "/organisasjon/ny"): logged_in(200),
    ("POST", "/organisasjon/ny"): logged_in(400),
    # members see it; so do the staff who handle applications (not reviewers): the organisation's page shows
    # none of its applications, so a decision maker in conflict on them sees what any decision maker sees
    ("GET", "/organisasjon/<int:organisation_id>"): only(owner=200, decision_maker=200, decision_maker_conflicted=200,
                                                         finance=200, admin=200, **NOT_THEIRS),
    # members and admins manage it; the staff who may see it may not change it
    ("GET", "/organisasjon/<int:organisation_id>/endre"): only(owner=200, admin=200, **NOT_THEIRS),
    ("POST", "/organisasjon/<int:organisation_id>/endre"): only(owner=400, admin=400, **NOT_THEIRS),
    ("POST", "/organisasjon/<int:organisation_id>/medlemmer"): only(owner=400, admin=400, **NOT_THEIRS),
    ("POST", "/organisasjon/<int:organisation_id>/medlemmer/<int:user_id>/fjern"): only(
        owner=404, admin=404, **NOT_THEIRS),  # the world's user_id is a reviewer, not a member
    # members and admins withdraw the organisation's invitation (without a token: a message, back to the page,
    # nothing changes); staff who may see the organisation may not; to everyone else it does not exist, the
    # person invited (the stranger) included: they decline instead
    ("POST", "/organisasjon/<int:organisation_id>/invitasjoner/<int:invitation_id>/trekk"): only(
        owner=302, admin=302, **NOT_THEIRS),
    # only the person invited answers; to anyone else the invitation does not exist
    ("POST", "/invitasjon/<int:invitation_id>"): {**logged_in(404), "anonymous": LOGIN, "stranger": 302},
}
