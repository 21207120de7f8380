"""The container driver's image checks: a tar that could write outside its
root, or carries device nodes or setuid files, is refused before anything
of it is written; a good one unpacks once; snapshots keep no device or
setuid bit."""
import io
import os
import stat
import tarfile

import pytest

from onestack.virt.container import rootfs


def _tar(path, *members):
    """members: (name, kind, extra) with kind file|dir|sym|link|chr|fifo."""
    with tarfile.open(path, "w") as tar:
        for name, kind, extra in members:
            info = tarfile.TarInfo(name)
            info.mode = extra.get("mode", 0o755 if kind == "dir" else 0o644)
            data = None
            if kind == "file":
                data = extra.get("data", b"x")
                info.size = len(data)
            else:
                info.type = {"dir": tarfile.DIRTYPE, "sym": tarfile.SYMTYPE,
                             "link": tarfile.LNKTYPE, "chr": tarfile.CHRTYPE,
                             "fifo": tarfile.FIFOTYPE}[kind]
                info.linkname = extra.get("target", "")
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return str(path)


GOOD = (("./bin", "dir", {}), ("bin/busybox", "file", {"mode": 0o755}),
        ("bin/sh", "sym", {"target": "busybox"}),
        ("bin/abs", "sym", {"target": "/bin/busybox"}),  # inside the guest: fine
        ("bin/hard", "link", {"target": "bin/busybox"}),
        ("run", "dir", {}), ("run/initctl", "fifo", {}),
        ("tmp", "dir", {"mode": 0o1777}), ("var", "dir", {"mode": 0o2775}))


@pytest.mark.parametrize("members, reason", [
    ((("/etc/passwd", "file", {}),), "absolute path"),
    ((("../escape", "file", {}),), "outside its root"),
    ((("bin/../../escape", "file", {}),), "outside its root"),
    ((("dev", "dir", {}), ("dev/sda", "chr", {})), "device node"),
    ((("bin/su", "file", {"mode": 0o4755}),), "setuid"),
    ((("bin/sg", "file", {"mode": 0o2755}),), "setgid"),
    ((("etc", "sym", {"target": "/etc"}), ("etc/passwd", "file", {})),
     "through a symbolic link"),
    ((("x", "sym", {"target": "/etc/shadow"}), ("x", "file", {})), "twice"),
    ((("x", "sym", {"target": "/etc/shadow"}), ("y", "link", {"target": "x"})),
     "hard link"),
    ((("y", "link", {"target": "/etc/shadow"}),), "hard link"),
    ((("y", "link", {"target": "../../etc/shadow"}),), "hard link"),
])
def test_escaping_images_are_refused_before_anything_is_written(tmp_path, members,
                                                                 reason):
    image = _tar(tmp_path / "image.tar", *members)
    with pytest.raises(rootfs.ImageRefused, match=reason) as refused:
        rootfs.base_layer(image, "image-1", str(tmp_path / "cache"))
    assert refused.value.code == 400
    assert not os.path.exists(tmp_path / "cache" / "image-1" / "rootfs")
    assert not os.path.exists(tmp_path / "escape")


def test_an_image_larger_than_the_root_disk_is_refused(tmp_path):
    image = _tar(tmp_path / "image.tar", ("big", "file", {"data": b"x" * 4096}))
    with pytest.raises(rootfs.ImageRefused, match="larger than the root disk"):
        rootfs.base_layer(image, "image-1", str(tmp_path / "cache"), max_bytes=1024)


def test_a_good_image_is_unpacked_once_and_reused(tmp_path):
    image = _tar(tmp_path / "image.tar", *GOOD)
    kind, root = rootfs.base_layer(image, "image-1", str(tmp_path / "cache"))
    assert kind == "dir"
    assert os.readlink(os.path.join(root, "bin", "abs")) == "/bin/busybox"
    assert os.stat(os.path.join(root, "bin", "hard")).st_ino == \
        os.stat(os.path.join(root, "bin", "busybox")).st_ino
    assert stat.S_ISFIFO(os.stat(os.path.join(root, "run", "initctl")).st_mode)
    os.unlink(image)  # the second instance does not read it again
    assert rootfs.base_layer(image, "image-1", str(tmp_path / "cache")) == ("dir", root)


def test_a_file_that_is_no_tar_is_taken_for_a_disk_image(tmp_path):
    image = tmp_path / "disk.img"
    image.write_bytes(b"\0" * 8192)
    assert rootfs.base_layer(str(image), "image-2", str(tmp_path / "c")) == \
        ("raw", str(image))


@pytest.mark.parametrize("path", ["relative", "/a,lowerdir=/etc", "/a:b", "/a/../b",
                                  "/a b", "/a\nb"])
def test_paths_that_could_change_a_mount_are_refused(path):
    with pytest.raises(rootfs.RootfsError):
        rootfs.valid_path(path)


def test_a_snapshot_keeps_files_but_no_setuid_bit_or_config_drive(tmp_path):
    root = tmp_path / "root"
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "tool").write_bytes(b"tool")
    os.chmod(root / "bin" / "tool", 0o4755)
    (root / "mnt" / "config").mkdir(parents=True)
    (root / "mnt" / "config" / "user_data").write_text("secret")
    os.mkfifo(root / "fifo")
    target = tmp_path / "snap.tar"
    rootfs.snapshot_tar(str(root), str(target))
    with tarfile.open(target) as tar:
        names = {m.name: m for m in tar.getmembers()}
    assert names["./bin/tool"].mode == 0o755
    assert "./mnt/config/user_data" not in names
    # and it passes the image checks as it is
    assert rootfs.base_layer(str(target), "snap", str(tmp_path / "cache"))[0] == "dir"


def test_the_password_is_injected_as_a_sha512_hash(tmp_path):
    import crypt
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "shadow").write_text("root:*:19000:0:99999:7:::\nbin:*:1::::::\n")
    rootfs.set_root_password(str(tmp_path), "s3cret")
    lines = (tmp_path / "etc" / "shadow").read_text().splitlines()
    hashed = lines[0].split(":")[1]
    assert hashed.startswith("$6$") and crypt.crypt("s3cret", hashed) == hashed
    assert lines[1] == "bin:*:1::::::"
    assert os.stat(tmp_path / "etc" / "shadow").st_mode & 0o777 == 0o600


def test_the_password_is_not_written_through_a_symbolic_link(tmp_path):
    outside = tmp_path / "host-etc"
    outside.mkdir()
    (outside / "shadow").write_text("host\n")
    root = tmp_path / "root"
    root.mkdir()
    (root / "etc").symlink_to(outside)
    with pytest.raises(rootfs.ImageRefused, match="/etc"):
        rootfs.set_root_password(str(root), "s3cret")
    (root / "etc").unlink()
    (root / "etc").mkdir()
    (root / "etc" / "shadow").symlink_to(outside / "shadow")
    with pytest.raises(rootfs.ImageRefused, match="shadow"):
        rootfs.set_root_password(str(root), "s3cret")
    assert (outside / "shadow").read_text() == "host\n"
