"""`check` reads posts as the build does: pages' logs are a warning, YAML errors name the line."""

from pelican.plugins.running_diary.core.posts import check_paths, read_posts
from pelican.plugins.running_diary.core.settings import from_dict


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_pages_logs_are_a_warning_and_count_for_nothing(tmp_path):
    write(tmp_path / "pages" / "about.md", "---\ntitle: About\nsoreness:\n  - {area: calves, score: 2}\n---\nHi\n")
    write(tmp_path / "2024" / "run.md", "---\ntitle: Run\ndate: 2024-04-18 21:00\ntraining:\n  - {time: 30}\n---\n")
    posts = read_posts([tmp_path], from_dict({}))
    assert [len(p.entries("soreness")) + len(p.entries("training")) for p in posts] == [1, 0]  # sorted: 2024/run.md, pages/about.md
    assert [str(p) for p in check_paths([tmp_path], from_dict({}))] == [
        f"{tmp_path}/pages/about.md: soreness: logs on a page are not counted; move them to a post"]


def test_a_yaml_error_names_the_line(tmp_path):
    post = write(tmp_path / "broken.md", "---\ntitle: Broken\ndate: 2024-04-18\ntraining:\n  - {time: 30\n---\n")
    (problem,) = check_paths([post], from_dict({}))
    assert str(problem).startswith(f"{post}:6: front matter is not valid YAML")


def test_plain_metadata_posts_have_no_logs_and_no_problems(tmp_path):
    post = write(tmp_path / "plain.md", "Title: Booked in\nDate: 2024-03-03 19:30\n\nBody\n")
    (logs,) = read_posts([post], from_dict({}))
    assert logs.problems == () and logs.post.date.isoformat() == "2024-03-03"


def test_a_log_written_twice_is_a_warning_naming_the_line(tmp_path):
    post = write(tmp_path / "twice.md", "---\ntitle: Twice\ndate: 2024-04-18\ntraining:\n  - {time: 30}\n"
                                        "training:\n  - {time: 40}\n---\n")
    (logs,) = read_posts([post], from_dict({}))
    assert [run.time_s for run in logs.entries("training")] == [2400]
    assert [str(p) for p in logs.problems] == [
        f"{post}:6: 'training' is written again here: this one counts, the earlier one is dropped"]
    assert logs.problems[0].severity == "warning"


def test_only_regular_files_inside_the_folder_are_read(tmp_path):
    """A FIFO would hang the check, a link to /dev/zero never end: both are named, not read;
    a link to a post elsewhere in the content folder is read as that post."""
    import os

    from pelican.plugins.running_diary.core.posts import irregular_files

    write(tmp_path / "drafts-kept" / "run.md", "---\ntitle: Run\ndate: 2024-04-18\n---\nRan.\n")
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "run.md").symlink_to("../drafts-kept/run.md")
    os.mkfifo(tmp_path / "2024" / "pipe.md")
    (tmp_path / "2024" / "zero.md").symlink_to("/dev/zero")
    assert [str(p) for p in irregular_files(tmp_path)] == [
        f"{tmp_path}/2024/pipe.md: is a named pipe (FIFO), not a regular file: not read",
        f"{tmp_path}/2024/zero.md: is a link to /dev/zero, outside the content folder: not read"]
    (linked,) = read_posts([tmp_path / "2024" / "run.md"], from_dict({}))
    assert linked.problems == () and linked.post.title == "Run"
    (pipe,) = read_posts([tmp_path / "2024" / "pipe.md"], from_dict({}))  # named on its own: refused, not read
    assert [p.message for p in pipe.problems] == ["is a named pipe (FIFO), not a regular file: not read"]
