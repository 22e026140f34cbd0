"""`diary migrate SOURCE`: writes each post once, never over a file, says what it left."""

from __future__ import annotations

from pathlib import Path

from pelican.plugins.running_diary.cli import main as cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrate"


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_migrate_writes_posts_pages_and_files_then_skips_them(empty_site_folder, capsys):
    status, out, err = run(capsys, "migrate", str(FIXTURES / "jekyll_site"))
    assert status == 0, err
    content = empty_site_folder / "content"
    written = sorted(p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file())
    assert [p for p in written if not p.endswith("next-race.md")] == [
        "2019/2019-03-10-first-race.md", "2019/2019-04-02-long-run.md", "2019/2019-05-01-quiet-week.md",
        "2019/2019-06-01-shoes.md", "assets/img/route.png", "files/plan.pdf", "pages/about.md"]
    assert "_posts/2019/2019-03-10-first-race.md -> content/2019/2019-03-10-first-race.md (wrote)" in out
    assert ("content/2019/2019-06-01-shoes.md:11: Liquid tag {% include footer.html %} is left: an include "
            "of the old site's templates (_includes/): copy what it shows into the post") in out
    assert "Jekyll site" in err and "5 posts (2 drafts), 1 page, 2 files" in err
    assert "converted:      2  {% post_url %} to {filename}" in err
    assert "left:           1  Liquid tag include" in err

    edited = content / "2019" / "2019-06-01-shoes.md"
    edited.write_text("---\ntitle: Shoes\ndate: 2019-06-01\n---\n\nMine now.\n", encoding="utf-8")
    status, out, err = run(capsys, "migrate", str(FIXTURES / "jekyll_site"))  # again: nothing overwritten
    assert status == 0
    assert edited.read_text(encoding="utf-8").endswith("Mine now.\n")
    assert "content/2019/2019-06-01-shoes.md (already there, skipped)" in out
    assert "6 already there, skipped; 0 files copied, 2 already there" in err


def test_dry_run_writes_nothing(empty_site_folder, capsys):
    status, out, err = run(capsys, "migrate", str(FIXTURES / "hugo_site"), "--dry-run")
    assert status == 0
    assert not any((empty_site_folder / "content").iterdir())
    assert "content/posts/easy-run.md -> content/2020/2020-06-01-easy-run.md (would write)" in out
    assert "content/2020/2020-08-01-gear.md:11: Hugo shortcode {{< latest >}} is left" in out
    assert "would write 5 posts and pages" in err


def test_a_folder_that_is_no_site_is_bad_input(empty_site_folder, capsys):
    (empty_site_folder / "empty").mkdir()
    status, out, err = run(capsys, "migrate", str(empty_site_folder / "empty"))
    assert status == 2 and "neither a Jekyll site" in err and "Traceback" not in err
    status, out, err = run(capsys, "migrate", str(empty_site_folder / "nowhere"))
    assert status == 2 and "not a folder" in err
