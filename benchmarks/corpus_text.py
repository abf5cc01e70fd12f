"""Distractor sentences for the recognition corpus, written for this project.

Content-style lines in the manner of our built-in guides, casual bedside talk, short words
and near-misses that share words with commands. None of these must be taken as a command.
"""

CONTENT_STYLE = (
    "Let your shoulders soften as you breathe out slowly.",
    "Notice where your legs rest against the mattress.",
    "A warm bath before bed can ease the restlessness.",
    "Stretch your calves gently for about a minute.",
    "Count four on the way in and six on the way out.",
    "The worst nights usually pass within a few days.",
    "Keep a glass of water beside the bed.",
    "Walking around the room for a moment is fine.",
)

CASUAL = (
    "I think I will make some tea.",
    "Did you remember to lock the door?",
    "The cat is sleeping on my feet again.",
    "What time is it anyway?",
    "I can't get comfortable tonight.",
    "Hello.",
    "Okay.",
    "Thank you.",
    "Yes please.",
    "Hmm.",
)

NEAR_MISSES = (
    "I need to stop worrying.",
    "Next time I will.",
    "Go back to sleep.",
    "That was louder than I expected.",
    "I want to pause and think.",
    "Where are my slippers?",
    "The next section of the road.",
    "Help me get comfortable.",
    "Skip breakfast tomorrow.",
    "How long is this going to take?",
    "Repeat after me.",
    "It is getting quieter outside.",
)

DISTRACTORS = {"content": CONTENT_STYLE, "casual": CASUAL, "near_miss": NEAR_MISSES}

# Talk that starts with a command word, or asks something close to a command, at the bedside.
STARTS_LIKE_A_COMMAND = (
    "Next week we should visit your mother.",
    "Stop the car at the corner.",
    "Play that song again tomorrow.",
    "Pause for thought, as they say.",
    "Louder music would wake the baby.",
    "Repeat the dose only if you must.",
    "Help yourself to some biscuits.",
    "Go to the kitchen and get some milk.",
    "Slower trains run on Sundays.",
    "Quit smoking was the best thing I did.",
    "Where did I leave my glasses?",
    "Turn left after the bridge.",
    "Sleep well, my darling.",
    "Skip the gym this week.",
    "Continue with the story later.",
    "Section eight of the contract is odd.",
)

BEDSIDE = (
    "Are you still awake?",
    "My legs feel so restless tonight.",
    "Can you pass me the water?",
    "It's three in the morning.",
    "I had a strange dream.",
    "Turn over, you're snoring.",
    "Is the window open?",
    "Goodness, it's cold in here.",
)

DISTRACTORS["starts_like_a_command"] = STARTS_LIKE_A_COMMAND
DISTRACTORS["bedside"] = BEDSIDE
