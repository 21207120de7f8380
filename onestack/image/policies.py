"""Default policy of the image API, in Glance's rule names and secure-RBAC
defaults: readers see their project's images (and the ones shared with it,
public or community), members change their project's images and download
image data, the administrator does anything, and only the administrator
makes an image public.

Targets: project_id and owner are the image's owner, visibility its
visibility, and member_id the project of the membership in question (the
caller's own for image reads, the addressed member for member changes).
Which images a project may see at all is decided before policy, as Glance's
database layer does: an image outside that set answers 404.
"""
from oslo_policy import policy

ADMIN = "rule:context_is_admin"
MEMBER_OF_OWNER = f"{ADMIN} or (role:member and project_id:%(project_id)s)"
READER_OF_OWNER = f"{ADMIN} or (role:reader and project_id:%(project_id)s)"
_SEEN = ("project_id:%(project_id)s or project_id:%(member_id)s or "
         "'community':%(visibility)s or 'public':%(visibility)s or "
         "'shared':%(visibility)s")
READER_WHO_SEES = f"{ADMIN} or (role:reader and ({_SEEN}))"
MEMBER_WHO_SEES = f"{ADMIN} or (role:member and ({_SEEN}))"
READER_OF_OWNER_OR_MEMBER = (f"{ADMIN} or role:reader and "
                             "(project_id:%(project_id)s or project_id:%(member_id)s)")


def _rule(name, check, description, method, path):
    return policy.DocumentedRuleDefault(name, check, description,
                                        [{"method": method, "path": path}])


IMAGE = "/v2/images/{image_id}"
MEMBER = IMAGE + "/members/{member_id}"

RULES = [
    _rule("get_images", READER_OF_OWNER, "List images.", "GET", "/v2/images"),
    _rule("get_image", READER_WHO_SEES, "Show an image.", "GET", IMAGE),
    _rule("add_image",
          f"{ADMIN} or (role:member and project_id:%(project_id)s and "
          "project_id:%(owner)s)",
          "Create an image owned by one's project.", "POST", "/v2/images"),
    _rule("modify_image", MEMBER_OF_OWNER, "Update an image.", "PATCH", IMAGE),
    _rule("publicize_image", ADMIN, "Make an image public.", "PATCH", IMAGE),
    _rule("communitize_image", MEMBER_OF_OWNER,
          "Make an image a community image.", "PATCH", IMAGE),
    _rule("delete_image", MEMBER_OF_OWNER, "Delete an image.", "DELETE", IMAGE),
    _rule("upload_image", MEMBER_OF_OWNER, "Upload image data.", "PUT",
          IMAGE + "/file"),
    _rule("download_image", MEMBER_WHO_SEES, "Download image data.", "GET",
          IMAGE + "/file"),
    _rule("deactivate", MEMBER_OF_OWNER, "Deactivate an image.", "POST",
          IMAGE + "/actions/deactivate"),
    _rule("reactivate", MEMBER_OF_OWNER, "Reactivate an image.", "POST",
          IMAGE + "/actions/reactivate"),
    _rule("add_member", MEMBER_OF_OWNER, "Share an image with a project.", "POST",
          IMAGE + "/members"),
    _rule("get_members", READER_OF_OWNER_OR_MEMBER, "List the members of an image.",
          "GET", IMAGE + "/members"),
    _rule("get_member", READER_OF_OWNER_OR_MEMBER, "Show a member of an image.",
          "GET", MEMBER),
    _rule("modify_member", f"{ADMIN} or (role:member and project_id:%(member_id)s)",
          "Accept or reject an image shared with one's project.", "PUT", MEMBER),
    _rule("delete_member", MEMBER_OF_OWNER, "Stop sharing an image with a project.",
          "DELETE", MEMBER),
]
