import json


def items(response):
    assert response.status_code == 200, response.content[:500]
    return response.json()["items"]


def body_with_images(name, image, other_image):
    """A body with text, an image, facts, and blocks for some newcomers only (one with an
    image of its own)."""
    return json.dumps(
        [
            {"type": "heading", "value": f"Om {name}"},
            {"type": "paragraph", "value": f"<p>Velkommen til {name}</p>"},
            {"type": "image", "value": {"image": image.pk, "decorative": False, "alt_text": name}},
            {
                "type": "facts",
                "value": [{"kind": "school", "label": "Skole", "value": f"{name} Skole"}],
            },
            {
                "type": "targeted",
                "value": {
                    "audiences": ["children"],
                    "content": [
                        {"type": "paragraph", "value": "<p>Skoler og børnehaver</p>"},
                        {
                            "type": "image",
                            "value": {"image": other_image.pk, "decorative": True, "alt_text": ""},
                        },
                    ],
                },
            },
            {
                "type": "targeted",
                "value": {
                    "audiences": ["non_eu"],
                    "content": [{"type": "paragraph", "value": "<p>Opholdstilladelse</p>"}],
                },
            },
        ]
    )
