"""Default policy of the image API, in Glance's rule names.

Targets: project_id and owner are the image's owner, visibility its
visibility, and member_id the project of the membership in question (the
caller's own for image reads, the addressed member for member changes).
Which images a project may see at all is decided before policy, as Glance's
database layer does: an image outside that set answers 404.
"""
from oslo_policy import policy

ADMIN = "rule:context_is_admin"
ADMIN_OR_OWNER = "rule:context_is_admin or project_id:%(project_id)s"
ADMIN_OR_OWNER_OR_MEMBER = ADMIN_OR_OWNER + " or project_id:%(member_id)s"
VISIBLE = (ADMIN_OR_OWNER_OR_MEMBER + " or 'public':%(visibility)s"
           " or 'community':%(visibility)s")


def _rule(name, check, description, method, path):
    return policy.DocumentedRuleDefault(name, check, description,
                                        [{"method": method, "path": path}])


IMAGE = "/v2/images/{image_id}"
MEMBER = IMAGE + "/members/{member_id}"

RULES = [
    _rule("get_images", ADMIN_OR_OWNER, "List images.", "GET", "/v2/images"),
    _rule("get_image", VISIBLE, "Show an image.", "GET", IMAGE),
    _rule("add_image", ADMIN_OR_OWNER, "Create an image owned by a project.",
          "POST", "/v2/images"),
    _rule("modify_image", ADMIN_OR_OWNER, "Update an image.", "PATCH", IMAGE),
    _rule("publicize_image", ADMIN, "Make an image public.", "PATCH", IMAGE),
    _rule("communitize_image", ADMIN_OR_OWNER,
          "Make an image a community image.", "PATCH", IMAGE),
    _rule("delete_image", ADMIN_OR_OWNER, "Delete an image.", "DELETE", IMAGE),
    _rule("upload_image", ADMIN_OR_OWNER, "Upload image data.", "PUT", IMAGE + "/file"),
    _rule("download_image", VISIBLE, "Download image data.", "GET", IMAGE + "/file"),
    _rule("deactivate", ADMIN_OR_OWNER, "Deactivate an image.", "POST",
          IMAGE + "/actions/deactivate"),
    _rule("reactivate", ADMIN_OR_OWNER, "Reactivate an image.", "POST",
          IMAGE + "/actions/reactivate"),
    _rule("add_member", ADMIN_OR_OWNER, "Share an image with a project.", "POST",
          IMAGE + "/members"),
    _rule("get_members", ADMIN_OR_OWNER_OR_MEMBER, "List the members of an image.",
          "GET", IMAGE + "/members"),
    _rule("get_member", ADMIN_OR_OWNER_OR_MEMBER, "Show a member of an image.",
          "GET", MEMBER),
    _rule("modify_member", "rule:context_is_admin or project_id:%(member_id)s",
          "Accept or reject an image shared with one's project.", "PUT", MEMBER),
    _rule("delete_member", ADMIN_OR_OWNER, "Stop sharing an image with a project.",
          "DELETE", MEMBER),
]
