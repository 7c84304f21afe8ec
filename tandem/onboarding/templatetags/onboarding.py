from django import template

from tandem.onboarding.selectors import schools_to_acknowledge

register = template.Library()


@register.inclusion_tag("onboarding/_prompt.html", takes_context=True)
def expectations_prompt(context):
    """On the advisor's home: a prompt per school until they acknowledge its expectations."""
    return {"schools": schools_to_acknowledge(context["request"].user)}
