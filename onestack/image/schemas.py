"""The JSON schema documents of /v2/schemas, which clients such as glanceclient
build their models from, and the stricter schema image bodies are checked with."""
import copy

DISK_FORMATS = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi",
                "iso", "ploop"]
CONTAINER_FORMATS = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]
VISIBILITIES = ["community", "public", "private", "shared"]
STATUSES = ["queued", "saving", "active", "killed", "deleted", "uploading",
            "importing", "pending_delete", "deactivated"]
MEMBER_STATUSES = ["pending", "accepted", "rejected"]
UUID_PATTERN = ("^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}"
                "-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$")


def _field(kind, description, read_only=False, **extra):
    field = {"type": kind, "description": description, **extra}
    if read_only:
        field["readOnly"] = True
    return field


NULLABLE_STRING = ["null", "string"]
BASE_PROPERTIES = {
    "id": _field("string", "The image's UUID.", pattern=UUID_PATTERN),
    "name": _field(NULLABLE_STRING, "A name for people to read.", maxLength=255),
    "status": _field("string", "Where the image is in its life cycle.", True,
                     enum=STATUSES),
    "visibility": _field("string", "Who may see the image.", enum=VISIBILITIES),
    "protected": _field("boolean", "A protected image cannot be deleted."),
    "os_hidden": _field("boolean", "A hidden image is left out of default listings."),
    "checksum": _field(NULLABLE_STRING, "MD5 of the image data.", True, maxLength=32),
    "os_hash_algo": _field(NULLABLE_STRING, "Algorithm of os_hash_value.", True,
                           maxLength=64),
    "os_hash_value": _field(NULLABLE_STRING, "Hex digest of the image data with "
                            "os_hash_algo.", True, maxLength=128),
    "owner": _field(NULLABLE_STRING, "The project that owns the image.", maxLength=255),
    "size": _field(["null", "integer"], "Bytes of image data.", True),
    "virtual_size": _field(["null", "integer"], "Bytes of the disk the image "
                           "describes, when known.", True),
    "container_format": _field(NULLABLE_STRING, "Format of the container.",
                               enum=[None] + CONTAINER_FORMATS),
    "disk_format": _field(NULLABLE_STRING, "Format of the disk.",
                          enum=[None] + DISK_FORMATS),
    "created_at": _field("string", "When the image was registered.", True),
    "updated_at": _field("string", "When the image last changed.", True),
    "tags": _field("array", "Strings that describe the image.",
                   items={"type": "string", "maxLength": 255}),
    "direct_url": _field("string", "Location of the data in its store.", True),
    "min_ram": _field("integer", "Megabytes of RAM the image needs to boot."),
    "min_disk": _field("integer", "Gigabytes of disk the image needs to boot."),
    "self": _field("string", "Path of the image.", True),
    "file": _field("string", "Path of the image data.", True),
    "schema": _field("string", "Path of this schema.", True),
}
# well-known free-form properties, described as Glance's default schema-image.json does
CUSTOM_PROPERTIES = {
    "instance_uuid": "ID of the server a snapshot image was taken from.",
    "kernel_id": "ID of an image to use as the kernel when booting an AMI.",
    "ramdisk_id": "ID of an image to use as the ramdisk when booting an AMI.",
    "architecture": "CPU architecture the image runs on (x86_64, aarch64, ...).",
    "os_distro": "Common name of the operating system (ubuntu, cirros, ...).",
    "os_version": "Version of the operating system.",
    "description": "A description of the image.",
}
IMAGE_LINKS = [{"rel": "self", "href": "{self}"},
               {"rel": "enclosure", "href": "{file}"},
               {"rel": "describedby", "href": "{schema}"}]


def image() -> dict:
    properties = copy.deepcopy(BASE_PROPERTIES)
    for name, description in CUSTOM_PROPERTIES.items():
        properties[name] = {"type": "string", "description": description,
                            "is_base": False}
    return {"name": "image", "properties": properties,
            "additionalProperties": {"type": "string"}, "links": IMAGE_LINKS}


def images() -> dict:
    return {"name": "images",
            "properties": {"images": {"type": "array", "items": image()},
                           "schema": {"type": "string"},
                           "first": {"type": "string"},
                           "next": {"type": "string"}},
            "links": [{"rel": "first", "href": "{first}"},
                      {"rel": "next", "href": "{next}"},
                      {"rel": "describedby", "href": "{schema}"}]}


def member() -> dict:
    return {"name": "member", "properties": {
        "member_id": _field("string", "The project the image is shared with."),
        "image_id": _field("string", "The shared image.", pattern=UUID_PATTERN),
        "status": _field("string", "Whether the member accepted the image.",
                         enum=MEMBER_STATUSES),
        "created_at": _field("string", "When the image was shared."),
        "updated_at": _field("string", "When the membership last changed."),
        "schema": _field("string", "Path of this schema.", True)}}


def members() -> dict:
    return {"name": "members",
            "properties": {"members": {"type": "array", "items": member()},
                           "schema": {"type": "string"}},
            "links": [{"rel": "self", "href": "{self}"},
                      {"rel": "describedby", "href": "{schema}"}]}


def image_body() -> dict:
    """What a create body and each patched value must satisfy: the published
    schema, plus the bounds the database keeps."""
    schema = image()
    for name in ("min_ram", "min_disk"):
        schema["properties"][name].update(minimum=0, maximum=2 ** 31 - 1)
    schema["propertyNames"] = {"minLength": 1, "maxLength": 255}
    return schema


DOCUMENTS = {"image": image, "images": images, "member": member, "members": members}
