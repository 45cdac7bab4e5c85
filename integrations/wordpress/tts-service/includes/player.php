<?php
/**
 * The player on the page: the service's player.css and player.js, the player above or below the
 * post's content (or where a block or the [tts_player] shortcode puts it), with the article id
 * once the audio is made, reading the page on demand before that.
 *
 * @package TTS_Service
 */

defined( 'ABSPATH' ) || exit;

const TTS_SERVICE_START = '<!--tts-service-article-->';
const TTS_SERVICE_END   = '<!--/tts-service-article-->';

/**
 * The player's element for the post ('' when the post has no audio).
 *
 * @param WP_Post|null $post The post.
 * @return string
 */
function tts_service_player_markup( $post ) {
	$url = (string) tts_service_setting( 'url' );
	if ( '' === $url || ! tts_service_enabled_for( $post ) ) {
		return '';
	}
	tts_service_enqueue();
	$article_id = (string) get_post_meta( $post->ID, TTS_SERVICE_META_ID, true );
	$status     = (string) get_post_meta( $post->ID, TTS_SERVICE_META_STATUS, true );
	$attributes = sprintf(
		' data-tts-endpoint="%s" data-tts-source="%s" data-tts-title="%s"',
		esc_url( $url ),
		esc_attr( '#tts-article-' . $post->ID ),
		esc_attr( wp_strip_all_tags( get_the_title( $post ) ) )
	);
	if ( preg_match( '/^[0-9a-f]{32}$/', $article_id ) && 'failed' !== $status ) {
		$attributes .= sprintf( ' data-tts-article-id="%s"', esc_attr( $article_id ) );
	}
	return '<div class="tts-service-player" data-tts-skip' . $attributes . '></div>';
}

/**
 * Load the player's files from the service (once).
 */
function tts_service_enqueue() {
	$url = (string) tts_service_setting( 'url' );
	if ( '' === $url || wp_script_is( 'tts-service-player', 'enqueued' ) ) {
		return;
	}
	// The service's own files, which the service versions and caches (no ?ver= of the plugin's).
	wp_enqueue_style( 'tts-service-player', $url . '/static/player.css', array(), null ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion
	wp_enqueue_script( 'tts-service-player', $url . '/static/player.js', array(), null, true ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion
}

add_action(
	'wp_enqueue_scripts',
	function () {
		if ( is_singular() && tts_service_enabled_for( get_queried_object() ) ) {
			tts_service_enqueue();
		}
	}
);

add_filter(
	'script_loader_tag',
	function ( $tag, $handle ) {
		return 'tts-service-player' === $handle ? str_replace( ' src=', ' defer src=', $tag ) : $tag;
	},
	10,
	2
);

/**
 * Whether this the_content call renders the page's own post (not an excerpt or another loop).
 *
 * @return WP_Post|null
 */
function tts_service_content_post() {
	$post = get_post();
	if ( ! $post || ! tts_service_enabled_for( $post ) ) {
		return null;
	}
	if ( ! empty( $GLOBALS['tts_service_rendering'] ) ) {
		return $post;
	}
	return is_singular() && (int) get_queried_object_id() === (int) $post->ID ? $post : null;
}

// Early: mark the post's own content (what is read and highlighted), before the blocks and
// shortcodes are rendered and before other plugins append their share buttons.
add_filter(
	'the_content',
	function ( $content ) {
		$post = tts_service_content_post();
		if ( ! $post ) {
			return $content;
		}
		if ( ! empty( $GLOBALS['tts_service_rendering'] ) ) {
			return TTS_SERVICE_START . $content . TTS_SERVICE_END;
		}
		return '<div id="tts-article-' . (int) $post->ID . '" class="tts-service-article">' . $content . '</div>';
	},
	8
);

// Late: the player, unless a block or shortcode of the post places it.
add_filter(
	'the_content',
	function ( $content ) {
		$post = tts_service_content_post();
		if ( ! $post || ! empty( $GLOBALS['tts_service_rendering'] ) ) {
			return $content;
		}
		if ( has_shortcode( $post->post_content, 'tts_player' ) || has_block( 'tts-service/player', $post ) ) {
			return $content;
		}
		$player = tts_service_player_markup( $post );
		return 'below' === tts_service_setting( 'position' ) ? $content . $player : $player . $content;
	},
	1000
);

add_shortcode(
	'tts_player',
	function () {
		return empty( $GLOBALS['tts_service_rendering'] ) ? tts_service_player_markup( get_post() ) : '';
	}
);

add_action(
	'init',
	function () {
		wp_register_script(
			'tts-service-block',
			plugins_url( 'blocks/player/editor.js', TTS_SERVICE_FILE ),
			array( 'wp-blocks', 'wp-element', 'wp-i18n' ),
			TTS_SERVICE_VERSION,
			true
		);
		register_block_type(
			TTS_SERVICE_DIR . '/blocks/player',
			array(
				'editor_script'   => 'tts-service-block',
				'render_callback' => function () {
					return empty( $GLOBALS['tts_service_rendering'] ) ? tts_service_player_markup( get_post() ) : '';
				},
			)
		);
	}
);

// The podcast: with posts sent to the feed, the site's <head> links the service's feed.
add_action(
	'wp_head',
	function () {
		$url = (string) tts_service_setting( 'url' );
		if ( '' !== $url && tts_service_setting( 'feed' ) ) {
			printf(
				'<link rel="alternate" type="application/rss+xml" title="%s" href="%s">' . "\n",
				esc_attr( get_bloginfo( 'name' ) . ' ' . __( '(audio)', 'tts-service' ) ),
				esc_url( $url . '/feed.xml' )
			);
		}
	}
);
